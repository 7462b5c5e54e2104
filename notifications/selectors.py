from notifications.models import Notification


def notification_list_for(user):
    """The user's inbox, newest first (the page filters it through notifications.filters)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_count_expression(user):
    """``unread_count`` as a scalar subquery, for pages that ask it with other questions
    in one query (qms.ui.ask); 0 for anonymous users."""
    from qms.ui import SubqueryCount

    if not user.is_authenticated:
        return 0
    return SubqueryCount(Notification.objects.filter(recipient=user, read_at__isnull=True))
