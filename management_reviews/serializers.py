from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers

from audits.models import Clause
from management_reviews.models import ManagementReview, ReviewDecision
from management_reviews.selectors import chair_candidates
from management_reviews.workflow import LIFECYCLE


def _name(user):
    return user.get_full_name() or user.get_username()


class ReviewDecisionSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()
    review_number = serializers.CharField(source="review.number", read_only=True)
    clause_number = serializers.CharField(source="clause.number", read_only=True, default=None)

    class Meta:
        model = ReviewDecision
        fields = [
            "id",
            "review",
            "review_number",
            "kind",
            "description",
            "owner",
            "owner_name",
            "due_date",
            "clause_number",
            "status",
            "completion_note",
            "completed_at",
        ]
        read_only_fields = fields

    def get_owner_name(self, obj) -> str:
        return _name(obj.owner)


class ReviewSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = serializers.ListField(child=serializers.DictField())
    chart = serializers.ListField(child=serializers.DictField())
    links = serializers.ListField(child=serializers.DictField())
    note = serializers.CharField()
    commentary = serializers.CharField()


class ManagementReviewSerializer(serializers.ModelSerializer):
    chair_name = serializers.SerializerMethodField()

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "number",
            "title",
            "period_start",
            "period_end",
            "meeting_date",
            "chair",
            "chair_name",
            "status",
            "prepared_at",
            "held_at",
            "signed_at",
            "corrects",
        ]
        read_only_fields = fields

    def get_chair_name(self, obj) -> str:
        return _name(obj.chair)


class ManagementReviewDetailSerializer(ManagementReviewSerializer):
    attendees = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    sections = serializers.SerializerMethodField()
    decisions = ReviewDecisionSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(ManagementReviewSerializer.Meta):
        fields = [
            *ManagementReviewSerializer.Meta.fields,
            "attendees",
            "conclusions",
            "minutes_checksum",
            "sections",
            "decisions",
            "actions",
        ]
        read_only_fields = fields

    def get_sections(self, obj) -> list[dict]:
        """The frozen 9.3.2 inputs, labels in English (translate with the UI catalogue)."""
        return [
            {
                "key": s.key,
                "title": s.title,
                "figures": s.figures,
                "chart": s.chart,
                "links": s.links,
                "note": s.note,
                "commentary": s.commentary,
            }
            for s in obj.sections.all()
        ]

    def get_actions(self, obj) -> list[str]:
        return LIFECYCLE.actions_available(obj, self.context["request"].user)


class ReviewPlanSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    meeting_date = serializers.DateField()
    chair = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    attendees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=get_user_model().objects.filter(is_active=True), required=False
    )

    def validate_chair(self, chair):
        if not chair_candidates().filter(pk=chair.pk).exists():
            raise serializers.ValidationError(_("The chair must be the head of the organisation."))
        return chair


class HoldSerializer(serializers.Serializer):
    conclusions = serializers.CharField(required=False, allow_blank=True, default="")


class CommentarySerializer(serializers.Serializer):
    key = serializers.CharField(max_length=4)
    commentary = serializers.CharField(allow_blank=True)


class MinutesSignSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False)


class DecisionRecordSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewDecision.Kind.choices)
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    due_date = serializers.DateField()
    clause = serializers.SlugRelatedField(
        slug_field="number", queryset=Clause.objects.all(), required=False, allow_null=True, default=None
    )


class DecisionCloseSerializer(serializers.Serializer):
    completion_note = serializers.CharField()
