from django.contrib import admin

from reminders.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by the sweep and by delivery, never by hand."""

    list_display = ("kind", "due_key", "recipient", "due_date", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("due_key", "recipient__username", "recipient__email")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
