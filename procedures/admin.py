from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from procedures.models import (
    AdministrativeProcedure,
    DossierComponent,
    ProcedureFee,
    ProcedureField,
    ProcedureStep,
)


@admin.register(ProcedureField)
class ProcedureFieldAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class ComponentInline(admin.TabularInline):
    model = DossierComponent
    extra = 0
    autocomplete_fields = ("form",)


class FeeInline(admin.TabularInline):
    model = ProcedureFee
    extra = 0


class StepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 0


@admin.register(AdministrativeProcedure)
class AdministrativeProcedureAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "field", "level", "status", "needs_review")
    list_filter = ("status", "level", "field", "needs_review")
    search_fields = ("code", "name")
    readonly_fields = ("status", "published_revision", "published_at", "published_by")
    filter_horizontal = ("legal_basis",)
    inlines = (ComponentInline, FeeInline, StepInline)
