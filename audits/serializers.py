from django.contrib.auth import get_user_model
from rest_framework import serializers

from audits import selectors
from audits.models import (
    Audit,
    AuditProgramme,
    AuditReport,
    ChecklistItem,
    ChecklistTemplate,
    Clause,
    EvidenceFile,
    Finding,
    ProgrammeItem,
)
from documents.models import Document
from organisation.models import Department
from qms.filters import YEAR_MAX, YEAR_MIN


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class ClauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clause
        fields = ["id", "number", "title_en", "title_vi", "parent"]


class AuditSerializer(serializers.ModelSerializer):
    lead_auditor = UserBriefSerializer()
    team = UserBriefSerializer(many=True)
    auditee_contacts = UserBriefSerializer(many=True)
    departments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    clauses = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    documents = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "departments",
            "processes",
            "clauses",
            "documents",
            "criteria",
            "objectives",
            "planned_start",
            "planned_end",
            "lead_auditor",
            "team",
            "auditee_contacts",
            "started_at",
            "closed_at",
        ]


class AuditPlanSerializer(serializers.Serializer):
    """Input of planning or re-planning an audit; the rules live in the service."""

    title = serializers.CharField(max_length=300)
    departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), many=True)
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    lead_auditor = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True)
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), many=True, required=False
    )
    auditee_contacts = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), many=True, required=False
    )
    processes = serializers.CharField(required=False, allow_blank=True, default="")
    clauses = serializers.PrimaryKeyRelatedField(queryset=Clause.objects.all(), many=True, required=False)
    documents = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), many=True, required=False)
    criteria = serializers.CharField(required=False, allow_blank=True, default="")
    objectives = serializers.CharField(required=False, allow_blank=True, default="")
    checklist_template = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistTemplate.objects.all(), required=False, allow_null=True
    )


class FindingSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    clause = serializers.SlugRelatedField(slug_field="number", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nonconformity = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "audit",
            "reference",
            "sequence",
            "category",
            "clause",
            "department",
            "statement",
            "evidence",
            "checklist_item",
            "corrects",
            "frozen",
            "created_at",
            "nonconformity",
        ]

    def get_nonconformity(self, finding) -> int | None:
        record = selectors.nonconformity_of(finding)
        return record.pk if record is not None else None


class FindingInputSerializer(serializers.Serializer):
    audit = serializers.PrimaryKeyRelatedField(queryset=Audit.objects.all())
    category = serializers.ChoiceField(choices=Finding.Category.choices)
    clause = serializers.PrimaryKeyRelatedField(queryset=Clause.objects.all())
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    statement = serializers.CharField()
    evidence = serializers.CharField()
    checklist_item = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistItem.objects.all(), required=False, allow_null=True
    )
    corrects = serializers.PrimaryKeyRelatedField(
        queryset=Finding.objects.all(), required=False, allow_null=True
    )


class FindingUpdateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Finding.Category.choices, required=False)
    clause = serializers.PrimaryKeyRelatedField(queryset=Clause.objects.all(), required=False)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False)
    statement = serializers.CharField(required=False)
    evidence = serializers.CharField(required=False)


class EvidenceFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceFile
        fields = ["id", "original_filename", "content_type", "size", "checksum", "uploaded_at"]


class ChecklistItemSerializer(serializers.ModelSerializer):
    clause = serializers.SlugRelatedField(slug_field="number", read_only=True)
    document = serializers.SlugRelatedField(slug_field="number", read_only=True)
    files = EvidenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "audit",
            "order",
            "text",
            "clause",
            "document",
            "result",
            "evidence",
            "answered_at",
            "files",
        ]


class AnswerSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=ChecklistItem.Result.choices)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditReport
        fields = ["summary", "conclusion", "issued_by", "issued_at", "pdf_checksum"]
        read_only_fields = ["issued_by", "issued_at", "pdf_checksum"]


class ReportIssueSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False)
    summary = serializers.CharField(required=False)
    conclusion = serializers.CharField(required=False)


class ProgrammeItemSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    clauses = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = ProgrammeItem
        fields = ["id", "department", "process", "clauses", "importance", "past_result", "frequency"]


class ProgrammeSerializer(serializers.ModelSerializer):
    items = ProgrammeItemSerializer(many=True, read_only=True)

    class Meta:
        model = AuditProgramme
        fields = ["id", "year", "objectives", "items"]
        read_only_fields = ["items"]
        extra_kwargs = {"year": {"min_value": YEAR_MIN, "max_value": YEAR_MAX}}


class ProgrammeItemInputSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    process = serializers.CharField(required=False, allow_blank=True, default="")
    clauses = serializers.PrimaryKeyRelatedField(queryset=Clause.objects.all(), many=True, required=False)
    importance = serializers.ChoiceField(choices=ProgrammeItem.Importance.choices)
    past_result = serializers.ChoiceField(choices=ProgrammeItem.PastResult.choices)
    frequency = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True)
