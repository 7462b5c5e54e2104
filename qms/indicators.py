"""The registry of built-in indicators: figures the system computes from its own records.

An indicator is a key, a label, a unit, the direction that is better ("up": higher is
better, "down": lower is better) and one function
``compute(period_start, period_end, department=None) -> Decimal | None`` that answers
with the figure for the period (both dates included), or None when there is nothing to
measure (no record in the period). ``department`` narrows the figure to one department
(an ``organisation.Department``); an indicator that cannot be split by department
answers None for a department.

Each app registers the indicators of its own records from its ``indicators.py``, called
in its AppConfig.ready(), so the objectives app never imports the apps it measures::

    # nonconformities/indicators.py
    from decimal import Decimal

    from django.db.models import Count, Q
    from django.utils.translation import gettext_lazy as _

    from qms.indicators import Indicator, percent, register_indicator


    def actions_closed_on_time(period_start, period_end, department=None):
        actions = CorrectiveAction.objects.filter(due_date__range=(period_start, period_end))
        if department is not None:
            actions = actions.filter(nonconformity__department=department)
        figures = actions.aggregate(            # one query, however many rows
            due=Count("pk"), on_time=Count("pk", filter=Q(completed_at__date__lte=F("due_date"))))
        return percent(figures["on_time"], figures["due"])      # None when nothing was due


    def register():
        register_indicator(Indicator(
            key="nc_actions_closed_on_time", label=_("Corrective actions closed on time"),
            unit="%", direction="up", compute=actions_closed_on_time, app="nonconformities"))

An objective whose indicator is ``nc_actions_closed_on_time`` then asks
``get("nc_actions_closed_on_time").compute(date(2026, 1, 1), date(2026, 1, 31))`` for its
January measurement. A compute function must use a fixed number of aggregate queries
(never one query per row): a year of monthly figures for 200 objectives is 2,400 calls.
Registering the same key again replaces it (safe if ready() runs twice).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

UP = "up"
DOWN = "down"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # lazy-translated
    unit: str  # "%", "days"... shown after the figure
    direction: str  # UP: higher is better; DOWN: lower is better
    compute: Callable[[datetime.date, datetime.date, object], Decimal | None]
    app: str = ""  # the app whose records it measures
    description: str = ""  # lazy-translated: how it is computed, shown beside the figure

    def __post_init__(self):
        if self.direction not in (UP, DOWN):
            raise ValueError(f"Indicator {self.key}: direction is 'up' or 'down', not {self.direction!r}.")
        if not self.key or len(self.key) > 60:
            raise ValueError("An indicator key has 1 to 60 characters.")


_INDICATORS: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    _INDICATORS[indicator.key] = indicator
    return indicator


def unregister_indicator(key: str) -> None:
    _INDICATORS.pop(key, None)


def indicators() -> list[Indicator]:
    """Every registered indicator, by app and key (the order of choice lists)."""
    return sorted(_INDICATORS.values(), key=lambda indicator: (indicator.app, indicator.key))


def get(key: str) -> Indicator | None:
    return _INDICATORS.get(key)


def indicator_choices() -> list[tuple[str, str]]:
    return [(indicator.key, indicator.label) for indicator in indicators()]


def percent(part: int | None, whole: int | None) -> Decimal | None:
    """``part`` of ``whole`` in percent, two decimals; None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rounded(value) -> Decimal | None:
    """A float or Decimal from an aggregate, two decimals; None stays None."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
