"""Read-only admin views: copies, the access log and file integrity alerts change only
through the services (and the officer pages); a cached rendition may be deleted to force
a rebuild."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renditions.models import AccessEvent, ControlledCopy, IntegrityAlert, Rendition


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "document_number", "revision", "status_at_access", "kind", "via_api"]
    list_filter = ["kind", "status_at_access", "via_api"]
    search_fields = ["document_number", "user__username", "user__last_name"]
    date_hierarchy = "at"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ControlledCopy)
class ControlledCopyAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["version", "number", "holder", "holder_name", "location", "issued_at", "retrieved_at"]
    list_filter = ["retrieved_at"]
    search_fields = ["version__document__number", "holder_name", "location"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rendition)
class RenditionAdmin(ReadOnlyAdmin):
    list_display = [
        "version",
        "kind",
        "language",
        "state",
        "failure",
        "progress",
        "page_count",
        "size",
        "built_at",
    ]
    list_filter = ["state", "failure", "language"]


@admin.register(IntegrityAlert)
class IntegrityAlertAdmin(ReadOnlyAdmin):
    """Stored files found missing or changed (open ones have no "resolved at")."""

    list_display = ["detected_at", "file_name", "kind", "object_label", "problem", "resolved_at"]
    list_filter = ["problem", "kind", "resolved_at"]
    search_fields = ["file_name", "object_label", "found_checksum"]
    date_hierarchy = "detected_at"

    def has_delete_permission(self, request, obj=None):
        return False
