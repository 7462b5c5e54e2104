"""Reminder kinds of quality objectives (registered in apps.py): a measurement missing.

When a period of a hand-measured objective has ended without a measurement, its owner
is reminded once a week until it is recorded (the outbox key carries the week).
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from objectives.models import Objective
from objectives.selectors import measurements_missing
from reminders.registry import DueEvent, register

KIND_MEASUREMENT_MISSING = "objective_measurement_missing"


def measurement_missing(today: datetime.date):
    for objective, start, end in measurements_missing(today):
        weeks = (today - end).days // 7
        yield DueEvent(
            model=Objective,
            object_id=objective.pk,
            due_key=f"{start}:w{weeks}",
            recipient_id=objective.owner_id,
            due_date=end,
            context={
                "indicator": objective.indicator_name[:200],
                "period": f"{start:%d/%m/%Y} – {end:%d/%m/%Y}",
            },
            url=reverse("objectives:detail", args=[objective.pk]),
        )


def register_kinds():
    register(
        KIND_MEASUREMENT_MISSING,
        measurement_missing,
        subject=_("Measurement missing: %(indicator)s"),
        message=_("No measurement of “%(indicator)s” is recorded for %(period)s. Please record it."),
        label=_("Missing measurements of quality objectives"),
    )
