"""Reminder kinds of the risk register (registered in apps.py).

A risk whose review date has come reminds its owner once, then once a week while it
stays due; an overdue treatment action reminds its owner once a week.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reminders.registry import DueEvent, register
from risks.models import Risk, TreatmentAction
from risks.workflow import OPEN_STATUSES

KIND_REVIEW_DUE = "risk_review_due"
KIND_ACTION_OVERDUE = "risk_action_overdue"


def reviews_due(today: datetime.date):
    rows = (
        Risk.objects.filter(status__in=OPEN_STATUSES, next_review_date__lte=today)
        .order_by("next_review_date", "pk")
        .values("pk", "number", "title", "owner_id", "next_review_date")
    )
    for row in rows.iterator(chunk_size=2000):
        due = row["next_review_date"]
        yield DueEvent(
            model=Risk,
            object_id=row["pk"],
            due_key=f"{due}:w{(today - due).days // 7}",
            recipient_id=row["owner_id"],
            due_date=due,
            context={
                "number": row["number"],
                "title": row["title"][:200],
                "due_date": due.strftime("%d/%m/%Y"),
            },
            url=reverse("risks:detail", args=[row["pk"]]),
        )


def actions_overdue(today: datetime.date):
    rows = (
        TreatmentAction.objects.filter(status=TreatmentAction.State.OPEN, due_date__lt=today)
        .exclude(risk__status="closed")
        .order_by("due_date", "pk")
        .values("pk", "description", "due_date", "owner_id", "risk_id", "risk__number")
    )
    for row in rows.iterator(chunk_size=2000):
        due = row["due_date"]
        yield DueEvent(
            model=TreatmentAction,
            object_id=row["pk"],
            due_key=f"{due}:w{(today - due).days // 7}",
            recipient_id=row["owner_id"],
            due_date=due,
            context={
                "number": row["risk__number"],
                "action": row["description"][:200],
                "due_date": due.strftime("%d/%m/%Y"),
            },
            url=reverse("risks:detail", args=[row["risk_id"]]) + f"#action-{row['pk']}",
        )


def register_kinds():
    register(
        KIND_REVIEW_DUE,
        reviews_due,
        subject=_("Risk %(number)s is due for review"),
        message=_("The risk “%(title)s” (%(number)s) was due for review on %(due_date)s."),
        label=_("Risks due for review"),
    )
    register(
        KIND_ACTION_OVERDUE,
        actions_overdue,
        subject=_("Treatment action of %(number)s is overdue"),
        message=_("The treatment action “%(action)s” of %(number)s was due on %(due_date)s."),
        label=_("Overdue risk treatment actions"),
    )
