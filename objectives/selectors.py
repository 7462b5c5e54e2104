"""Reads of quality objectives. UI, API, charts and evidence downloads come through here.

For the management review (9.3.2 c2) ``objectives_performance(year=..., period_start=...,
period_end=...)`` answers the figures of every objective in one query each.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import Http404

from objectives.models import Measurement, Objective
from objectives.permissions import visible_objective_q
from objectives.workflow import ObjectiveStatus, status_for


def objective_list_visible_to(user):
    return Objective.objects.filter(visible_objective_q(user)).select_related("department", "owner")


def objective_get_for_user(user, pk) -> Objective:
    """The objective, or 404 when it is missing or the user may not see it."""
    try:
        return objective_list_visible_to(user).get(pk=pk)
    except (Objective.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def measurement_get_for_user(user, pk) -> Measurement:
    try:
        return Measurement.objects.select_related("objective").get(
            pk=pk, objective__in=Objective.objects.filter(visible_objective_q(user))
        )
    except (Measurement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def objective_status_counts(objectives) -> dict[str, int]:
    """{status: count} over ``objectives`` (already narrowed to what the user sees)."""
    counts = dict(objectives.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in ObjectiveStatus.values}


def objectives_at_risk(user):
    return objective_list_visible_to(user).filter(
        status__in=[ObjectiveStatus.AT_RISK, ObjectiveStatus.MISSED]
    )


def measurements_missing(today: datetime.date):
    """(objective values, period_start, period_end) of the periods that ended before
    ``today`` without a measurement, for hand-entered objectives of this year and last.
    Two queries: the objectives, and the periods measured."""
    objectives = list(
        Objective.objects.filter(indicator_key="", year__in=[today.year - 1, today.year]).select_related(
            "department"
        )
    )
    measured = set(
        Measurement.objects.filter(objective__in=[o.pk for o in objectives]).values_list(
            "objective_id", "period_start"
        )
    )
    for objective in objectives:
        for start, end in objective.periods():
            if end < today and (objective.pk, start) not in measured:
                yield objective, start, end


@dataclass(frozen=True)
class ObjectivePerformance:
    """One objective's figures over a period, for the management review."""

    pk: int
    year: int
    department: str  # code, "" for the organisation
    statement: str
    indicator: str
    unit: str
    direction: str
    target: Decimal
    threshold: Decimal | None
    measurements: int  # measurements whose period ends in the period
    latest_value: Decimal | None  # the last one of them
    status: str  # objectives.workflow.ObjectiveStatus, from latest_value
    url: str

    @property
    def met(self) -> bool:
        return self.status == ObjectiveStatus.ON_TRACK


def objectives_performance(*, period_start: datetime.date, period_end: datetime.date, objectives=None):
    """Each objective's standing over the period: its last measurement ending in the
    period, and the status that value gives (9.3.2 c2: extent to which objectives are met).

    ``objectives`` narrows the set (a queryset, e.g. objective_list_visible_to(user));
    by default every objective whose year overlaps the period. One query, whatever the
    number of objectives or measurements. Returns a list of ObjectivePerformance;
    ``objectives_performance_summary`` counts them by status."""
    from django.urls import reverse

    qs = objectives if objectives is not None else Objective.objects.all()
    qs = qs.filter(year__gte=period_start.year, year__lte=period_end.year)
    in_period = Measurement.objects.filter(
        objective=OuterRef("pk"), period_end__gte=period_start, period_end__lte=period_end
    ).order_by("-period_end", "-pk")
    rows = (
        qs.annotate(
            last_value=Subquery(in_period.values("value")[:1]),
            measured=Count(
                "measurements",
                filter=Q(
                    measurements__period_end__gte=period_start, measurements__period_end__lte=period_end
                ),
            ),
        )
        .order_by("department__code", "pk")
        .values(
            "pk",
            "year",
            "department__code",
            "statement",
            "indicator_name",
            "unit",
            "direction",
            "target",
            "threshold",
            "measured",
            "last_value",
        )
    )
    return [
        ObjectivePerformance(
            pk=row["pk"],
            year=row["year"],
            department=row["department__code"] or "",
            statement=row["statement"],
            indicator=row["indicator_name"],
            unit=row["unit"],
            direction=row["direction"],
            target=row["target"],
            threshold=row["threshold"],
            measurements=row["measured"],
            latest_value=row["last_value"],
            status=status_for(
                row["last_value"],
                direction=row["direction"],
                target=row["target"],
                threshold=row["threshold"],
            ),
            url=reverse("objectives:detail", args=[row["pk"]]),
        )
        for row in rows
    ]


def objectives_performance_summary(performance) -> dict[str, int]:
    """{status: count} of a list from objectives_performance, every status present."""
    counts = dict.fromkeys(ObjectiveStatus.values, 0)
    for row in performance:
        counts[row.status] += 1
    return counts


def measurement_series(objective) -> list[Measurement]:
    return list(objective.measurements.order_by("period_start"))


def latest_period_end(objective) -> datetime.date | None:
    return objective.measurements.aggregate(last=Max("period_end"))["last"]
