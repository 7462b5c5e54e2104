"""Admin for configuration. Records are registered and moved through their lifecycle by
the services (UI and API); here an approved or later version is read-only for good."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from documents import services
from documents.models import Document, DocumentType, DocumentVersion
from documents.workflow import DocumentStatus


@admin.register(DocumentType)
class DocumentTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "numbering_pattern", "default_review_months", "is_external"]
    list_filter = ["is_external"]
    search_fields = ["code", "name"]


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = ["revision_label", "status", "author", "effective_date", "original_filename"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-revision"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    """Object permissions (guardian) open a confidential document to a user or a
    department's group: give them "view_document" on the object."""

    list_display = ["number", "title", "doc_type", "department", "confidentiality", "owner"]
    list_filter = ["doc_type", "department", "confidentiality"]
    search_fields = ["number", "title", "search_text"]
    list_select_related = ["doc_type", "department", "owner"]
    readonly_fields = ["number", "doc_type", "created_by", "created_at"]
    autocomplete_fields = ["department", "owner"]
    filter_horizontal = ["distribution"]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        # Numbers are assigned by document_register (UI, API), never typed in.
        return False


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    """Drafts: text and change summary may be corrected (through version_update_draft).
    In review: read-only. Approved and later: read-only and never deleted."""

    list_display = ["__str__", "status", "author", "effective_date", "next_review_date"]
    list_filter = ["status", "document__doc_type"]
    search_fields = ["document__number", "document__title"]
    list_select_related = ["document", "author"]
    fields = [
        "document",
        "revision",
        "status",
        "change_summary",
        "body",
        "file",
        "original_filename",
        "content_type",
        "size",
        "checksum",
        "author",
        "effective_date",
        "next_review_date",
        "submitted_at",
        "approved_by",
        "approved_at",
        "review_comment",
        "withdrawn_reason",
    ]
    draft_editable = ("change_summary", "body")

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.fields if f not in self.draft_editable]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != DocumentStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.version_update_draft(
            actor=request.user,
            version=obj,
            body=form.cleaned_data.get("body"),
            change_summary=form.cleaned_data.get("change_summary"),
        )

    def delete_queryset(self, request, queryset):
        if queryset.exclude(status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW]).exists():
            raise PermissionDenied(_("An approved version can never be deleted."))
        super().delete_queryset(request, queryset)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting would rewrite a version outside its lifecycle; history is read-only.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
