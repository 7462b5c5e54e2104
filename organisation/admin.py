from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisation.models import Department


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent", "head"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "head"]
    autocomplete_fields = ["parent", "head"]
