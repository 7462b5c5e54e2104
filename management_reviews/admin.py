from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from management_reviews.models import ManagementReview, ReviewDecision


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Records are changed through the app's services only; the admin reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ManagementReview)
class ManagementReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "title", "meeting_date", "status"]
    list_filter = ["status"]
    search_fields = ["number", "title"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["review", "kind", "owner", "due_date", "status"]
    list_filter = ["status", "kind"]
