from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from approvals.models import (
    Acknowledgement,
    ApprovalRoute,
    ChangeRequest,
    DistributionDefault,
    DistributionGroup,
    DistributionNoReaders,
    RouteStage,
    RouteTemplate,
    RouteTemplateStage,
    Signature,
)


class RouteTemplateStageInline(admin.StackedInline):
    model = RouteTemplateStage
    extra = 0
    filter_horizontal = ["users"]


@admin.register(RouteTemplate)
class RouteTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "doc_type", "department", "is_active", "one_stage_per_signer"]
    list_filter = ["is_active", "one_stage_per_signer", "doc_type", "department"]
    inlines = [RouteTemplateStageInline]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Records changed only through their services: the admin shows them, never edits them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RouteStageInline(admin.TabularInline):
    model = RouteStage
    extra = 0
    can_delete = False
    fields = ["position", "name", "meaning", "mode", "group"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApprovalRoute)
class ApprovalRouteAdmin(ReadOnlyAdmin):
    list_display = ["version", "round", "template", "one_stage_per_signer", "planned_effective_date"]
    inlines = [RouteStageInline]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["signed_at", "version", "round", "stage_name", "signer_name", "meaning", "decision"]
    list_filter = ["meaning", "decision"]
    search_fields = ["signer_name", "version__document__number"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Signature._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "document", "requested_by", "status"]
    list_filter = ["status"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["version", "user", "department", "status", "acknowledged_at"]
    list_filter = ["status"]


@admin.register(DistributionGroup)
class DistributionGroupAdmin(ReadOnlyAdmin):
    list_display = ["document", "group"]


@admin.register(DistributionNoReaders)
class DistributionNoReadersAdmin(ReadOnlyAdmin):
    list_display = ["document", "decided_by", "decided_at", "reason"]


@admin.register(DistributionDefault)
class DistributionDefaultAdmin(SimpleHistoryAdmin):
    """Default readers of new documents (also on the officers' "Default readers" page)."""

    list_display = ["__str__", "doc_type", "department"]
    list_filter = ["doc_type", "department"]
    filter_horizontal = ["departments", "groups"]
