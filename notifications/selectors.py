from notifications.models import Notification


def notification_list_for(user):
    """The user's inbox, newest first (the page filters it through notifications.filters)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
