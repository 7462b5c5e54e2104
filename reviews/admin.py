from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import PeriodicReview


@admin.register(PeriodicReview)
class PeriodicReviewAdmin(SimpleHistoryAdmin):
    """Read-only: reviews are recorded through the review page (reviews.services)."""

    list_display = ("version", "due_date", "outcome", "reviewed_by", "reviewed_at", "next_review_date")
    list_filter = ("outcome",)
    search_fields = ("version__document__number", "version__document__title", "comment")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
