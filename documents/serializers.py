"""REST representations of documents. Reads come from the selectors; writes go through
the services, so a serializer only parses and checks the shape of the input."""

import copy

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Document, DocumentType, DocumentVersion, VersionAttachment
from documents.selectors import document_effective_version, version_list_visible_to
from documents.workflow import LIFECYCLE, DocumentAction, DocumentStatus
from organisation.models import Department
from qms.uploads import check_upload

# Bounds keep absurd numbers out of 32-bit columns (a 400, not a database error).
MAX_REVIEW_MONTHS = 600
MAX_RETENTION_YEARS = 1000


def _model_clean(serializer, model, attrs):
    """Run the model's own clean() on the would-be instance and report field errors."""
    candidate = copy.copy(serializer.instance) if serializer.instance is not None else model()
    for name, value in attrs.items():
        setattr(candidate, name, value)
    try:
        candidate.clean()
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict) from None
    return attrs


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "parent", "head"]

    def validate(self, attrs):
        return _model_clean(self, Department, attrs)


class DocumentTypeSerializer(serializers.ModelSerializer):
    default_review_months = serializers.IntegerField(min_value=1, max_value=MAX_REVIEW_MONTHS, required=False)

    class Meta:
        model = DocumentType
        fields = ["id", "code", "name", "numbering_pattern", "default_review_months", "is_external"]

    def validate(self, attrs):
        return _model_clean(self, DocumentType, attrs)


class CheckedFileField(serializers.FileField):
    """An uploaded file accepted by its content (qms.uploads.check_upload)."""

    def to_internal_value(self, data):
        uploaded = super().to_internal_value(data)
        try:
            check_upload(uploaded)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return uploaded


def user_may_review(user, version) -> bool:
    """Approve or return a version in review: approvers, never the author.

    A hint for clients: the lifecycle table leaves approve/return to the approval route,
    whose active stage decides who actually signs (others get 409 with the reason).
    """
    return (
        version.status == DocumentStatus.IN_REVIEW
        and user.has_perm("documents.approve_version")
        and user.pk != version.author_id
    )


def _user_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


class EffectiveVersionSerializer(serializers.ModelSerializer):
    revision_label = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = ["id", "revision", "revision_label", "effective_date", "next_review_date", "download_url"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, version):
        return _download_url(self.context.get("request"), version)


def _download_url(request, version):
    if not version.file:
        return None
    path = reverse("documents_api:version-download", args=[version.pk])
    return request.build_absolute_uri(path) if request is not None else path


class DocumentSerializer(serializers.ModelSerializer):
    doc_type_code = serializers.CharField(source="doc_type.code", read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True)
    owner_name = serializers.SerializerMethodField()
    has_open_revision = serializers.BooleanField(read_only=True, default=False)
    effective_version = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "title",
            "doc_type",
            "doc_type_code",
            "department",
            "department_code",
            "owner",
            "owner_name",
            "confidentiality",
            "review_period_months",
            "distribution",
            "issuer",
            "source_reference",
            "date_received",
            "retention_years",
            "created_at",
            "has_open_revision",
            "effective_version",
        ]
        read_only_fields = fields

    def get_owner_name(self, document) -> str:
        return _user_name(document.owner)

    @extend_schema_field(EffectiveVersionSerializer(allow_null=True))
    def get_effective_version(self, document):
        version = document_effective_version(document)
        if version is None:
            return None
        return self._effective_version_serializer.to_representation(version)

    @cached_property
    def _effective_version_serializer(self):
        # one for the whole list: a ModelSerializer made per row built its fields from the
        # model each time, half of the API list's time (issue 12)
        return EffectiveVersionSerializer(context=self.context)


class DocumentRegisterSerializer(serializers.Serializer):
    """Input of POST /documents/: registers the document and opens revision 01 as a draft."""

    doc_type = serializers.PrimaryKeyRelatedField(queryset=DocumentType.objects.all())
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    title = serializers.CharField(max_length=300)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )
    confidentiality = serializers.ChoiceField(
        choices=Document.Confidentiality.choices, default=Document.Confidentiality.INTERNAL
    )
    review_period_months = serializers.IntegerField(
        min_value=1, max_value=MAX_REVIEW_MONTHS, required=False, allow_null=True
    )
    distribution = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), many=True, required=False
    )
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    source_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    date_received = serializers.DateField(required=False, allow_null=True)
    retention_years = serializers.IntegerField(
        min_value=1, max_value=MAX_RETENTION_YEARS, required=False, allow_null=True
    )
    file = CheckedFileField(required=False, help_text=_("The source file of revision 01."))
    body = serializers.CharField(required=False, allow_blank=True, default="")


class AttachmentSerializer(serializers.ModelSerializer):
    """A further file of a version (read only; the web page serves its download)."""

    class Meta:
        model = VersionAttachment
        fields = ["id", "original_filename", "content_type", "size", "checksum", "uploaded_at"]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    document_number = serializers.CharField(source="document.number", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)
    revision_label = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    author_name = serializers.SerializerMethodField()
    approved_by_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "document_number",
            "document_title",
            "revision",
            "revision_label",
            "status",
            "status_display",
            "change_summary",
            "body",
            "original_filename",
            "content_type",
            "size",
            "checksum",
            "author",
            "author_name",
            "effective_date",
            "next_review_date",
            "submitted_at",
            "approved_by",
            "approved_by_name",
            "approved_at",
            "review_comment",
            "withdrawn_reason",
            "created_at",
            "download_url",
            "attachments",
            "actions",
        ]
        read_only_fields = fields

    def get_author_name(self, version) -> str:
        return _user_name(version.author)

    def get_approved_by_name(self, version) -> str:
        return _user_name(version.approved_by)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, version):
        return _download_url(self.context.get("request"), version)

    def get_actions(self, version) -> list[str]:
        """Transitions the requesting user may fire now (POST /versions/{id}/<action>/)."""
        request = self.context.get("request")
        if request is None:
            return []
        user = request.user
        actions = [str(a) for a in LIFECYCLE.actions_available(version, user)]
        if user_may_review(user, version):
            actions += [a for a in (DocumentAction.APPROVE, DocumentAction.REJECT) if a not in actions]
        return actions


@extend_schema_field(OpenApiTypes.INT)
class VisibleDocumentField(serializers.PrimaryKeyRelatedField):
    """A document the requesting user can see; others look like unknown ids."""

    def get_queryset(self):
        user = self.context["request"].user
        return Document.objects.filter(pk__in=version_list_visible_to(user).values("document_id"))


class VersionCreateSerializer(serializers.Serializer):
    """Input of POST /versions/: open the next revision of a document as a draft."""

    document = VisibleDocumentField()
    file = CheckedFileField(required=False)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    change_summary = serializers.CharField(required=False, allow_blank=True, default="")


class VersionUpdateSerializer(serializers.Serializer):
    """Input of PUT/PATCH /versions/{id}/: only a draft changes; omitted fields stay."""

    file = CheckedFileField(required=False)
    body = serializers.CharField(required=False, allow_blank=True)
    change_summary = serializers.CharField(required=False, allow_blank=True)


class PublishSerializer(serializers.Serializer):
    effective_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Empty: effective today. A future date schedules it.")
    )
