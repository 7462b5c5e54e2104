"""Reminder kinds of management review actions (registered in apps.py): an action due within
a week reminds its owner once; an overdue one reminds them once a week while it stays open."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from management_reviews.models import ReviewDecision
from management_reviews.workflow import DecisionStatus

KIND_OVERDUE = "mr_action_overdue"
KIND_DUE_SOON = "mr_action_due_soon"
DUE_SOON_DAYS = 7


def _events(rows, *, due_key):
    from reminders.registry import DueEvent

    for row in rows.iterator(chunk_size=2000):
        yield DueEvent(
            model=ReviewDecision,
            object_id=row["pk"],
            due_key=due_key(row),
            recipient_id=row["owner_id"],
            due_date=row["due_date"],
            context={
                "number": row["review__number"],
                "action": row["description"][:200],
                "due_date": row["due_date"].strftime("%d/%m/%Y"),
            },
            url=reverse("management_reviews:detail", args=[row["review_id"]]) + f"#decision-{row['pk']}",
        )


def _open():
    return (
        ReviewDecision.objects.filter(status=DecisionStatus.OPEN)
        .order_by("due_date", "pk")
        .values("pk", "description", "due_date", "owner_id", "review_id", "review__number")
    )


def actions_overdue(today: datetime.date):
    rows = _open().filter(due_date__lt=today)
    return _events(rows, due_key=lambda row: f"{row['due_date']}:w{(today - row['due_date']).days // 7}")


def actions_due_soon(today: datetime.date):
    rows = _open().filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    return _events(rows, due_key=lambda row: f"{row['due_date']}:soon")


def register_kinds():
    from reminders.registry import register

    register(
        KIND_OVERDUE,
        actions_overdue,
        subject=_("Management review action of %(number)s is overdue"),
        message=_("The action “%(action)s” decided at management review %(number)s was due on %(due_date)s."),
        label=_("Overdue management review actions"),
    )
    register(
        KIND_DUE_SOON,
        actions_due_soon,
        subject=_("Management review action of %(number)s is due on %(due_date)s"),
        message=_("The action “%(action)s” decided at management review %(number)s is due on %(due_date)s."),
        label=_("Management review actions due within a week"),
    )
