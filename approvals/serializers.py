from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from approvals.models import (
    Acknowledgement,
    ApprovalRoute,
    ChangeRequest,
    Decision,
    Meaning,
    RouteStage,
    RouteTemplate,
    RouteTemplateStage,
    Signature,
    StageMode,
)
from documents.models import DocumentType
from organisation.models import Department


class SignatureSerializer(serializers.ModelSerializer):
    signer = serializers.CharField(source="signer.get_username", read_only=True)

    class Meta:
        model = Signature
        fields = [
            "id",
            "version",
            "round",
            "stage_position",
            "stage_name",
            "signer",
            "signer_name",
            "signer_role",
            "meaning",
            "decision",
            "comment",
            "signed_at",
            "content_sha256",
        ]
        read_only_fields = fields


class RouteStageSerializer(serializers.ModelSerializer):
    users = serializers.PrimaryKeyRelatedField(
        many=True, queryset=get_user_model().objects.filter(is_active=True), required=False
    )
    group = serializers.PrimaryKeyRelatedField(queryset=Group.objects.all(), required=False, allow_null=True)
    meaning = serializers.ChoiceField(choices=[Meaning.REVIEWED, Meaning.APPROVED], default=Meaning.APPROVED)
    mode = serializers.ChoiceField(choices=StageMode.choices, default=StageMode.ANY)

    class Meta:
        model = RouteStage
        fields = ["position", "name", "meaning", "mode", "users", "group"]
        read_only_fields = ["position"]


class RouteTemplateStageSerializer(RouteStageSerializer):
    class Meta(RouteStageSerializer.Meta):
        model = RouteTemplateStage


class RouteTemplateSerializer(serializers.ModelSerializer):
    """A route template: read it with its stages; writing replaces the stages in order."""

    stages = RouteTemplateStageSerializer(many=True)
    doc_type = serializers.PrimaryKeyRelatedField(
        queryset=DocumentType.objects.all(), required=False, allow_null=True
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = RouteTemplate
        fields = ["id", "name", "doc_type", "department", "is_active", "one_stage_per_signer", "stages"]


class ApprovalRouteSerializer(serializers.ModelSerializer):
    stages = RouteStageSerializer(many=True)
    version_status = serializers.CharField(source="version.status", read_only=True)
    active_stage = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalRoute
        fields = [
            "version",
            "version_status",
            "round",
            "planned_effective_date",
            "one_stage_per_signer",
            "stages",
            "active_stage",
            "signatures",
        ]
        read_only_fields = ["version", "round", "one_stage_per_signer"]

    def get_active_stage(self, route) -> int | None:
        from approvals.selectors import active_stage, route_progress

        if route.version.status != "in_review":
            return None
        current = active_stage(route_progress(route))
        return current.stage.position if current else None

    def get_signatures(self, route) -> list[dict]:
        return SignatureSerializer(route.version.signatures.select_related("signer"), many=True).data


class RouteUpdateSerializer(serializers.Serializer):
    stages = RouteStageSerializer(many=True)
    planned_effective_date = serializers.DateField(required=False, allow_null=True)


class SignSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[Decision.APPROVE, Decision.REQUEST_CHANGES, Decision.REJECT])
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, help_text=_("The signer's password.")
    )


class WithdrawSignSerializer(serializers.Serializer):
    reason = serializers.CharField()
    password = serializers.CharField(write_only=True, trim_whitespace=False)


class SigningTaskSerializer(serializers.Serializer):
    version = serializers.IntegerField(source="version.pk")
    document = serializers.CharField(source="version.document.number")
    title = serializers.CharField(source="version.document.title")
    revision = serializers.IntegerField(source="version.revision")
    stage_position = serializers.IntegerField(source="stage.position")
    stage_name = serializers.CharField(source="stage.name")
    meaning = serializers.CharField(source="stage.meaning")
    round = serializers.IntegerField()


class ChangeRequestSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.get_username", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.get_username", read_only=True, default=None, allow_null=True
    )
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "document",
            "requested_by",
            "what",
            "why",
            "attachment_name",
            "has_attachment",
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "resulting_version",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment)


class ChangeRequestCreateSerializer(serializers.Serializer):
    document = serializers.IntegerField()
    what = serializers.CharField()
    why = serializers.CharField()
    attachment = serializers.FileField(required=False)


class DecisionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AcknowledgementSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="version.document.number", read_only=True)
    revision = serializers.IntegerField(source="version.revision", read_only=True)
    user = serializers.CharField(source="user.get_username", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True, default=None)

    class Meta:
        model = Acknowledgement
        fields = [
            "id",
            "version",
            "document",
            "revision",
            "user",
            "department",
            "status",
            "created_at",
            "acknowledged_at",
        ]
        read_only_fields = fields


class CompletionSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code", default=None)
    total = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    percent = serializers.IntegerField()


def _password_field():
    return serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("Your password again: the decision is an electronic signature."),
    )


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    password = _password_field()


class RejectSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("request_changes", _("Request changes")), ("reject", _("Reject"))],
        default="request_changes",
    )
    comment = serializers.CharField(help_text=_("What must change before the version is resubmitted."))
    password = _password_field()


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()
    password = _password_field()


class DistributionSerializer(serializers.Serializer):
    """Who must read a document: departments and groups, or the recorded "nobody has to"."""

    document = serializers.IntegerField(read_only=True)
    departments = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    groups = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    no_readers = serializers.BooleanField(read_only=True)
    reason = serializers.CharField(read_only=True)
    reader_count = serializers.IntegerField(read_only=True, help_text=_("Readers asked to read it now."))

    @staticmethod
    def from_summary(document, summary) -> dict:
        return {
            "document": document.pk,
            "departments": [department.pk for department in summary.departments],
            "groups": [group.pk for group in summary.groups],
            "no_readers": summary.no_readers is not None,
            "reason": summary.no_readers.reason if summary.no_readers else "",
            "reader_count": summary.reader_count,
        }


class DistributionUpdateSerializer(serializers.Serializer):
    departments = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), many=True, required=False, default=list
    )
    groups = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.exclude(name__startswith="dept:"), many=True, required=False, default=list
    )
    no_readers = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("True: nobody has to read the document (departments and groups must then be empty)."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
