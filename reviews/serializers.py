from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.models import DocumentVersion
from reviews.models import Outcome, PeriodicReview


class ReviewScheduleSerializer(serializers.ModelSerializer):
    """An effective version and its review date (due and overdue lists)."""

    document_number = serializers.CharField(source="document.number", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)
    department = serializers.CharField(source="document.department.code", read_only=True)
    owner = serializers.CharField(source="document.owner.username", read_only=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "document_number",
            "document_title",
            "revision",
            "department",
            "owner",
            "effective_date",
            "next_review_date",
        ]
        read_only_fields = fields


class PeriodicReviewSerializer(serializers.ModelSerializer):
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True)
    document_number = serializers.CharField(source="version.document.number", read_only=True)

    class Meta:
        model = PeriodicReview
        fields = [
            "id",
            "version",
            "document_number",
            "due_date",
            "outcome",
            "comment",
            "reviewed_by",
            "reviewed_at",
            "next_review_date",
            "new_version",
        ]
        read_only_fields = fields


class ReviewRecordSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("Id of the effective version reviewed."))
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)
