"""Reminder kinds of corrective actions, fed to the reminders sweep (registered in apps.py).

An overdue action reminds its owner, and the owner of the nonconformity when that is
someone else, once a week while it stays overdue (the outbox key carries the week).
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nonconformities.models import CorrectiveAction
from nonconformities.workflow import NonconformityStatus

KIND_OVERDUE = "nc_action_overdue"
KIND_DUE_SOON = "nc_action_due_soon"
DUE_SOON_DAYS = 3


def _events(rows, *, due_key):
    from reminders.registry import DueEvent

    for row in rows.iterator(chunk_size=2000):
        recipients = {row["owner_id"], row["nonconformity__owner_id"]} - {None}
        context = {
            "number": row["nonconformity__number"],
            "action": row["description"][:200],
            "due_date": row["due_date"].strftime("%d/%m/%Y"),
        }
        url = reverse("nonconformities:detail", args=[row["nonconformity_id"]]) + f"#action-{row['pk']}"
        for recipient_id in sorted(recipients):
            yield DueEvent(
                model=CorrectiveAction,
                object_id=row["pk"],
                due_key=due_key(row),
                recipient_id=recipient_id,
                due_date=row["due_date"],
                context=context,
                url=url,
            )


def _open_actions():
    return (
        CorrectiveAction.objects.filter(status=CorrectiveAction.State.OPEN)
        .exclude(nonconformity__status=NonconformityStatus.CLOSED)
        .order_by("due_date", "pk")
        .values(
            "pk",
            "description",
            "due_date",
            "owner_id",
            "nonconformity_id",
            "nonconformity__number",
            "nonconformity__owner_id",
        )
    )


def actions_overdue(today: datetime.date):
    rows = _open_actions().filter(due_date__lt=today)
    return _events(rows, due_key=lambda row: f"{row['due_date']}:w{(today - row['due_date']).days // 7}")


def actions_due_soon(today: datetime.date):
    rows = _open_actions().filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    )
    return _events(rows, due_key=lambda row: f"{row['due_date']}:soon")


def register_kinds():
    from reminders.registry import register

    register(
        KIND_OVERDUE,
        actions_overdue,
        subject=_("Corrective action of %(number)s is overdue"),
        message=_("The corrective action “%(action)s” of %(number)s was due on %(due_date)s."),
        label=_("Overdue corrective actions"),
    )
    register(
        KIND_DUE_SOON,
        actions_due_soon,
        subject=_("Corrective action of %(number)s is due on %(due_date)s"),
        message=_("The corrective action “%(action)s” of %(number)s is due on %(due_date)s."),
        label=_("Corrective actions due within three days"),
    )
