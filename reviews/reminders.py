"""Reminder kinds of periodic review for the daily sweep (registered in ReviewsConfig.ready)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentVersion
from reminders.registry import DueEvent, register
from reviews.selectors import versions_awaiting_review

DEFAULT_OFFSETS = (30, 7, 0)
DEFAULT_ESCALATE_AFTER_DAYS = 14
FIELDS = ("pk", "next_review_date", "document__number", "document__title", "document__owner_id")


def review_offsets() -> list[int]:
    return sorted({int(days) for days in getattr(settings, "QMS_REMINDER_REVIEW_OFFSETS", DEFAULT_OFFSETS)})


def escalate_after_days() -> int:
    return int(getattr(settings, "QMS_REMINDER_ESCALATE_AFTER_DAYS", DEFAULT_ESCALATE_AFTER_DAYS))


def _review_url():
    """The review page's path as a format string: one reverse() per sweep, not per event."""
    return reverse("reviews:version", args=[987654321]).replace("987654321", "{pk}")


def _event(row, *, recipient_id, due_key, url, **context) -> DueEvent:
    return DueEvent(
        model=DocumentVersion,
        object_id=row["pk"],
        due_key=due_key,
        recipient_id=recipient_id,
        due_date=row["next_review_date"],
        context={"number": row["document__number"], "title": row["document__title"], **context},
        url=url.format(pk=row["pk"]),
    )


def reviews_coming_due(today: datetime.date):
    """One reminder per offset (default 30 and 7 days before, and on the day). A missed
    sweep catches up with the nearest offset only, never a burst of old ones."""
    offsets = review_offsets()
    url = _review_url()
    rows = (
        versions_awaiting_review()
        .filter(
            next_review_date__gte=today,
            next_review_date__lte=today + datetime.timedelta(days=offsets[-1]),
            document__owner__is_active=True,
        )
        .values(*FIELDS)
    )
    for row in rows.iterator(chunk_size=2000):
        days_left = (row["next_review_date"] - today).days
        offset = min(days for days in offsets if days >= days_left)
        yield _event(
            row,
            recipient_id=row["document__owner_id"],
            due_key=f"{row['next_review_date']}:{offset}d",
            url=url,
            days=days_left,
        )


def _overdue_rows(today):
    return (
        versions_awaiting_review()
        .filter(next_review_date__lt=today)
        .values(
            *FIELDS,
            "document__owner__is_active",
            "document__department__head_id",
            "document__department__name",
        )
    )


def _week(today, due) -> int:
    # Days 1-7 overdue are week 0, days 8-14 week 1...: one reminder a week.
    return ((today - due).days - 1) // 7


def reviews_overdue(today: datetime.date):
    url = _review_url()
    for row in _overdue_rows(today).filter(document__owner__is_active=True).iterator(chunk_size=2000):
        due = row["next_review_date"]
        yield _event(
            row,
            recipient_id=row["document__owner_id"],
            due_key=f"{due}:w{_week(today, due)}",
            url=url,
            days=(today - due).days,
        )


def reviews_overdue_escalated(today: datetime.date):
    """Weekly to the department head once a review is overdue by the configured days."""
    limit = today - datetime.timedelta(days=escalate_after_days())
    url = _review_url()
    rows = _overdue_rows(today).filter(
        next_review_date__lte=limit,
        document__department__head__isnull=False,
        document__department__head__is_active=True,
    )
    for row in rows.iterator(chunk_size=2000):
        head_id = row["document__department__head_id"]
        if head_id == row["document__owner_id"]:
            continue
        due = row["next_review_date"]
        yield _event(
            row,
            recipient_id=head_id,
            due_key=f"{due}:w{_week(today, due)}",
            url=url,
            days=(today - due).days,
            department=row["document__department__name"],
        )


def register_kinds():
    register(
        "review_due",
        reviews_coming_due,
        label=_("Periodic review coming due"),
        subject=_("Periodic review due %(due_date)s: %(number)s %(title)s"),
        message=_(
            "The document %(number)s %(title)s is due for its periodic review on %(due_date)s. "
            "Record the review: no change, revise or withdraw."
        ),
    )
    register(
        "review_overdue",
        reviews_overdue,
        label=_("Periodic review overdue"),
        subject=_("Periodic review overdue: %(number)s %(title)s"),
        message=_(
            "The periodic review of %(number)s %(title)s was due on %(due_date)s and is %(days)s days "
            "overdue. Record the review: no change, revise or withdraw."
        ),
    )
    register(
        "review_overdue_head",
        reviews_overdue_escalated,
        label=_("Periodic review overdue (department head)"),
        subject=_("Escalation: periodic review overdue: %(number)s %(title)s"),
        message=_(
            "As head of %(department)s: the periodic review of %(number)s %(title)s was due on "
            "%(due_date)s and is %(days)s days overdue."
        ),
    )
