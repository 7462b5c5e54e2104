from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from search.models import VersionText


@admin.register(VersionText)
class VersionTextAdmin(SimpleHistoryAdmin):
    list_display = ["version", "status", "method", "page_count", "extracted_at"]
    list_filter = ["status", "method"]
    raw_id_fields = ["version"]
    readonly_fields = ["extracted_at", "checksum"]
