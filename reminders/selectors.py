"""Reads of the reminders outbox."""

from django.db.models import Q

from reminders.models import DeliveryStatus, Reminder


def failed_deliveries():
    """Rows officers must see: failed for good, or pending after at least one failed attempt."""
    return (
        Reminder.objects.filter(
            Q(status=DeliveryStatus.FAILED) | (Q(status=DeliveryStatus.PENDING) & ~Q(last_error=""))
        )
        .select_related("recipient")
        .order_by("-last_attempt_at", "-pk")
    )
