from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from documents.models import Document
from nonconformities.forms import clean_clause
from nonconformities.models import CorrectiveAction, Feedback, Nonconformity, Verification
from nonconformities.permissions import actions_available
from organisation.models import Department


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class CorrectiveActionSerializer(serializers.ModelSerializer):
    owner = UserRefSerializer(read_only=True)
    nonconformity_number = serializers.CharField(source="nonconformity.number", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "nonconformity",
            "nonconformity_number",
            "description",
            "owner",
            "due_date",
            "status",
            "is_overdue",
            "document",
            "change_request",
            "completion_note",
            "completed_at",
            "cancel_reason",
            "file_name",
            "file_checksum",
            "has_evidence_file",
        ]
        read_only_fields = fields

    def get_has_evidence_file(self, obj) -> bool:
        return bool(obj.file)


class VerificationSerializer(serializers.ModelSerializer):
    verifier = UserRefSerializer(read_only=True)

    class Meta:
        model = Verification
        fields = ["id", "verifier", "result", "notes", "verified_at", "file_name", "file_checksum"]
        read_only_fields = fields


class NonconformitySerializer(serializers.ModelSerializer):
    department_code = serializers.CharField(source="department.code", read_only=True)
    reporter = UserRefSerializer(read_only=True)
    owner = UserRefSerializer(read_only=True)

    class Meta:
        model = Nonconformity
        fields = [
            "id",
            "number",
            "title",
            "status",
            "source",
            "severity",
            "department",
            "department_code",
            "iso_clause",
            "process",
            "date_detected",
            "reporter",
            "owner",
            "closed_at",
        ]
        read_only_fields = fields


class NonconformityDetailSerializer(NonconformitySerializer):
    actions = CorrectiveActionSerializer(many=True, read_only=True)
    verifications = VerificationSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField()

    class Meta(NonconformitySerializer.Meta):
        fields = [
            *NonconformitySerializer.Meta.fields,
            "description",
            "documents",
            "containment",
            "correction",
            "consequences",
            "five_whys",
            "cause_categories",
            "root_cause",
            "reopen_reason",
            "actions",
            "verifications",
            "available_actions",
        ]
        read_only_fields = fields

    def get_available_actions(self, obj) -> list[str]:
        return actions_available(self.context["request"].user, obj)


class NonconformityReportSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=Nonconformity.Source.choices)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    description = serializers.CharField()
    severity = serializers.ChoiceField(choices=Nonconformity.Severity.choices)
    date_detected = serializers.DateField(required=False)
    iso_clause = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    process = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    documents = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), many=True, required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )

    def validate_iso_clause(self, value):
        try:
            return clean_clause(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class ContainSerializer(serializers.Serializer):
    containment = serializers.CharField()
    correction = serializers.CharField(required=False, allow_blank=True, default="")
    consequences = serializers.CharField(required=False, allow_blank=True, default="")


class AnalyseSerializer(serializers.Serializer):
    five_whys = serializers.ListField(
        child=serializers.CharField(max_length=500), max_length=5, required=False, default=list
    )
    cause_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Nonconformity.CauseCategory.choices),
        required=False,
        default=list,
    )
    root_cause = serializers.CharField()


class VerifySerializer(serializers.Serializer):
    effective = serializers.BooleanField()
    notes = serializers.CharField()
    evidence = serializers.FileField(required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ActionAddSerializer(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    due_date = serializers.DateField()
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), required=False, allow_null=True
    )


class ActionCompleteSerializer(serializers.Serializer):
    note = serializers.CharField()
    evidence = serializers.FileField(required=False)


class FeedbackSerializer(serializers.ModelSerializer):
    nonconformity = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    response_hours = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "reference",
            "name",
            "contact",
            "subject",
            "message",
            "status",
            "submitted_at",
            "responded_at",
            "response_hours",
            "answer",
            "answered_at",
            "file_name",
            "nonconformity",
        ]
        read_only_fields = fields


class FeedbackAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class FeedbackOpenSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    severity = serializers.ChoiceField(choices=Nonconformity.Severity.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )
    iso_clause = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")

    def validate_iso_clause(self, value):
        try:
            return clean_clause(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
