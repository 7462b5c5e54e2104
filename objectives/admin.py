from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from objectives.models import Measurement, Objective, PlanItem


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["indicator_name", "year", "department", "status", "owner"]
    list_filter = ["year", "status", "department"]
    search_fields = ["indicator_name", "statement"]
    inlines = [PlanItemInline]
    readonly_fields = ["status", "latest_value", "nonconformity"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["objective", "period_start", "value", "computed", "recorded_by"]
    list_filter = ["computed"]
    readonly_fields = ["file", "file_checksum"]
