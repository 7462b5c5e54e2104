from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from documents.models import Document
from nonconformities.forms import clean_clause
from nonconformities.serializers import UserRefSerializer
from organisation.models import Department
from risks.models import Risk, TreatmentAction
from risks.workflow import LIFECYCLE, RiskKind


class TreatmentActionSerializer(serializers.ModelSerializer):
    owner = UserRefSerializer(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = TreatmentAction
        fields = [
            "id",
            "risk",
            "description",
            "owner",
            "due_date",
            "status",
            "is_overdue",
            "completion_note",
            "completed_at",
            "effective",
            "has_evidence_file",
        ]
        read_only_fields = fields

    def get_has_evidence_file(self, obj) -> bool:
        return bool(obj.file)


class RiskSerializer(serializers.ModelSerializer):
    owner = UserRefSerializer(read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "department",
            "department_code",
            "process",
            "likelihood",
            "impact",
            "rating",
            "residual_likelihood",
            "residual_impact",
            "residual_rating",
            "owner",
            "status",
            "next_review_date",
            "iso_clause",
        ]
        read_only_fields = fields


class RiskDetailSerializer(RiskSerializer):
    actions = TreatmentActionSerializer(many=True, read_only=True)
    documents = serializers.SerializerMethodField()
    actions_available = serializers.SerializerMethodField()

    class Meta(RiskSerializer.Meta):
        fields = [
            *RiskSerializer.Meta.fields,
            "description",
            "cause",
            "consequence",
            "interested_party",
            "existing_controls",
            "actions",
            "documents",
            "nonconformities",
            "objectives",
            "actions_available",
        ]
        read_only_fields = fields

    def get_documents(self, obj) -> list[int]:
        # Only the links the reader may see.
        from documents.selectors import document_list_visible_to

        user = self.context["request"].user
        return list(
            document_list_visible_to(user)
            .filter(pk__in=obj.documents.values("pk"))
            .values_list("pk", flat=True)
        )

    def get_actions_available(self, obj) -> list[str]:
        return LIFECYCLE.actions_available(obj, self.context["request"].user)


class RiskWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RiskKind.choices, default=RiskKind.RISK)
    title = serializers.CharField(max_length=200)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    process = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField()
    cause = serializers.CharField(required=False, allow_blank=True, default="")
    consequence = serializers.CharField(required=False, allow_blank=True, default="")
    interested_party = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    existing_controls = serializers.CharField(required=False, allow_blank=True, default="")
    likelihood = serializers.IntegerField(min_value=1, max_value=10)
    impact = serializers.IntegerField(min_value=1, max_value=10)
    residual_likelihood = serializers.IntegerField(
        min_value=1, max_value=10, required=False, allow_null=True, default=None
    )
    residual_impact = serializers.IntegerField(
        min_value=1, max_value=10, required=False, allow_null=True, default=None
    )
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    next_review_date = serializers.DateField(required=False, allow_null=True, default=None)
    iso_clause = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    documents = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), many=True, required=False, default=list
    )

    def validate_iso_clause(self, value):
        try:
            return clean_clause(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class RiskActionAddSerializer(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    due_date = serializers.DateField()


class RiskActionCompleteSerializer(serializers.Serializer):
    note = serializers.CharField()
    effective = serializers.BooleanField(required=False, allow_null=True, default=None)
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class RiskTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=LIFECYCLE.actions.choices)
