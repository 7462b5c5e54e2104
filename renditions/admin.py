"""Read-only admin views: copies and the access log change only through the services
(and the officer pages); a cached rendition may be deleted to force a rebuild."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renditions.models import AccessEvent, ControlledCopy, Rendition


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
    list_display = ["version", "kind", "language", "state", "progress", "page_count", "size", "built_at"]
    list_filter = ["state", "language"]
