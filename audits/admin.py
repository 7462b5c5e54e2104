from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audits.models import AuditorQualification, AuditProgramme, ChecklistQuestion, ChecklistTemplate, Clause


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ["number", "title_en", "title_vi"]
    search_fields = ["number", "title_en", "title_vi"]


class ChecklistQuestionInline(admin.TabularInline):
    model = ChecklistQuestion
    extra = 1
    autocomplete_fields = ["clause"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "created_at"]
    inlines = [ChecklistQuestionInline]


@admin.register(AuditorQualification)
class AuditorQualificationAdmin(SimpleHistoryAdmin):
    list_display = ["auditor", "qualified", "training_date"]


@admin.register(AuditProgramme)
class AuditProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "created_at"]
