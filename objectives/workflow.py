"""Objective statuses, computed from the latest measurement (ISO 9001 6.2, 9.1.3).

An objective has no lifecycle that people fire: its status follows its figures. The one
rule lives in ``status_for``, used by the services when a measurement is recorded and by
the tests that pin it.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectiveStatus(models.TextChoices):
    NOT_MEASURED = "not_measured", _("Not measured")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


MONTHS_PER_PERIOD = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


def status_for(
    value: Decimal | None, *, direction: str, target: Decimal, threshold: Decimal | None
) -> ObjectiveStatus:
    """On track when the value reaches the target; at risk when it misses the target but
    reaches the at-risk threshold; missed otherwise; not measured without a value.
    "Reaches" is >= when higher is better and <= when lower is better."""
    if value is None:
        return ObjectiveStatus.NOT_MEASURED
    better_or_equal = (lambda a, b: a >= b) if direction == Direction.UP else (lambda a, b: a <= b)
    if better_or_equal(value, target):
        return ObjectiveStatus.ON_TRACK
    if threshold is not None and better_or_equal(value, threshold):
        return ObjectiveStatus.AT_RISK
    return ObjectiveStatus.MISSED


# Bootstrap colour of each status's badge.
STATUS_TONES = {
    ObjectiveStatus.ON_TRACK: "success",
    ObjectiveStatus.AT_RISK: "warning",
    ObjectiveStatus.MISSED: "danger",
    ObjectiveStatus.NOT_MEASURED: "secondary",
}
