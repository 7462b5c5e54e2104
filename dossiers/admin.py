from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dossiers.models import CalendarException, DossierImport, OfficialFormTemplate, Survey, SurveyQuestion


@admin.register(OfficialFormTemplate)
class OfficialFormTemplateAdmin(SimpleHistoryAdmin):
    """Officers edit the forms in force: a new circular changes the number label or text."""

    list_display = ["key", "number_label", "name", "legal_basis"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False  # the PDFs ask for a key; new forms come with code that uses them

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarException)
class CalendarExceptionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 1


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "procedure", "active"]
    list_filter = ["active"]
    inlines = [SurveyQuestionInline]
    raw_id_fields = ["procedure"]


@admin.register(DossierImport)
class DossierImportAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "source", "file_name", "rows_read", "rows_imported", "imported_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
