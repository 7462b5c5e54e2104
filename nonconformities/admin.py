from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from nonconformities.models import CorrectiveAction, Feedback, Nonconformity, Verification


class ReadOnlyRecordAdmin(SimpleHistoryAdmin):
    """Records change only through the services (lifecycle rules, history with the actor)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Nonconformity)
class NonconformityAdmin(ReadOnlyRecordAdmin):
    list_display = ["number", "title", "department", "source", "severity", "status", "date_detected"]
    list_filter = ["status", "source", "severity", "department"]
    search_fields = ["number", "title"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ReadOnlyRecordAdmin):
    list_display = ["nonconformity", "owner", "due_date", "status"]
    list_filter = ["status"]


@admin.register(Verification)
class VerificationAdmin(ReadOnlyRecordAdmin):
    list_display = ["nonconformity", "verifier", "result", "verified_at"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyRecordAdmin):
    list_display = ["reference", "subject", "status", "submitted_at", "responded_at"]
    list_filter = ["status"]
    search_fields = ["reference", "subject"]
