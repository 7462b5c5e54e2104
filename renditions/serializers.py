from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework import serializers

from renditions.models import AccessEvent, ControlledCopy, Rendition


class RenditionSerializer(serializers.ModelSerializer):
    ready = serializers.BooleanField(source="is_ready", read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Rendition
        fields = [
            "id",
            "version",
            "kind",
            "language",
            "state",
            "progress",
            "ready",
            "page_count",
            "size",
            "built_at",
            "checksum",
            "error",
            "failure",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_pdf_url(self, obj) -> str:
        return reverse("renditions_api:rendition-pdf", args=[obj.version_id])


class BuildSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=["en", "vi"], required=False)


class ControlledCopySerializer(serializers.ModelSerializer):
    is_out = serializers.BooleanField(read_only=True)
    holder_display = serializers.CharField(read_only=True)
    document_number = serializers.CharField(source="version.document.number", read_only=True)
    revision = serializers.CharField(source="version.revision_label", read_only=True)
    version_status = serializers.CharField(source="version.status", read_only=True)

    class Meta:
        model = ControlledCopy
        fields = [
            "id",
            "version",
            "document_number",
            "revision",
            "version_status",
            "number",
            "holder",
            "holder_name",
            "location",
            "holder_display",
            "issued_by",
            "issued_at",
            "retrieved_by",
            "retrieved_at",
            "retrieval_note",
            "is_out",
        ]
        read_only_fields = fields


class CopyIssueSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    holder = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )
    holder_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CopyRetrieveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class AccessEventSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.get_username", read_only=True)
    copy_number = serializers.IntegerField(source="copy.number", read_only=True, allow_null=True)

    class Meta:
        model = AccessEvent
        fields = [
            "id",
            "at",
            "user",
            "username",
            "version",
            "document_number",
            "revision",
            "status_at_access",
            "kind",
            "copy",
            "copy_number",
            "via_api",
        ]
        read_only_fields = fields
