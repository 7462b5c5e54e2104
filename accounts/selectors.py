"""Reads for the officers' security page."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import SecurityEvent
from accounts.services import UNKNOWN_ADDRESS, token_expires_at


@dataclass(frozen=True)
class Lockout:
    username: str
    address: str | None
    failures: int
    last_attempt: datetime
    until: datetime


def lockout_list_active(*, now=None) -> list[Lockout]:
    """(account, address) pairs locked now, most recent first."""
    now = now or timezone.now()
    rows = (
        AccessAttempt.objects.filter(attempt_time__gt=now - settings.AXES_COOLOFF_TIME)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return [
        Lockout(
            username=row["username"],
            address=None if row["ip_address"] == UNKNOWN_ADDRESS else row["ip_address"],
            failures=row["failures"],
            last_attempt=row["last_attempt"],
            until=row["last_attempt"] + settings.AXES_COOLOFF_TIME,
        )
        for row in rows
    ]


def failure_list_recent(*, limit: int = 100):
    """The latest failed and refused password attempts (django-axes' failure log)."""
    return AccessFailureLog.objects.order_by("-attempt_time", "-id")[:limit]


def token_list():
    tokens = list(Token.objects.select_related("user").order_by("-created"))
    now = timezone.now()
    for token in tokens:
        token.expires = token_expires_at(token)
        token.expired = token.expires <= now
    return tokens


def security_event_list_recent(*, limit: int = 50):
    return SecurityEvent.objects.select_related("actor")[:limit]
