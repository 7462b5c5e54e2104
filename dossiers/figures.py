"""Monthly on-time figures: rebuilt after each import, read by the dashboard.

``figures_refresh()`` replaces the rollup tables from the dossiers and steps in one
transaction (two grouped queries and two bulk inserts); ``figures_read`` gives the
dashboard's totals, per procedure, department, month and step from them in two queries,
whatever the number of dossiers."""

import datetime

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from dossiers.models import Dossier, DossierMonthFigure, DossierStep, Outcome, StepMonthFigure
from qms.indicators import percent

SETTLED = [Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE]
COUNTS = {
    "early": Count("pk", filter=Q(outcome=Outcome.EARLY)),
    "on_time": Count("pk", filter=Q(outcome=Outcome.ON_TIME)),
    "late": Count("pk", filter=Q(outcome=Outcome.LATE)),
}


def _month(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@transaction.atomic
def figures_refresh() -> None:
    DossierMonthFigure.objects.all().delete()
    StepMonthFigure.objects.all().delete()
    dossiers = (
        Dossier.objects.filter(outcome__in=SETTLED, returned_at__isnull=False)
        .annotate(month=TruncMonth("returned_at"))
        .values("month", "procedure_id", "department_id")
        .annotate(**COUNTS)
        .order_by()
    )
    DossierMonthFigure.objects.bulk_create(
        (DossierMonthFigure(**{**row, "month": _month(row["month"])}) for row in dossiers.iterator()),
        batch_size=2000,
    )
    steps = (
        DossierStep.objects.filter(outcome__in=SETTLED, finished_at__isnull=False)
        .annotate(
            month=TruncMonth("finished_at"),
            procedure_id=F("dossier__procedure_id"),
            dossier_department_id=F("dossier__department_id"),
        )
        .values("month", "procedure_id", "dossier_department_id", "step", "department_id")
        .annotate(**COUNTS)
        .order_by()
    )
    StepMonthFigure.objects.bulk_create(
        (StepMonthFigure(**{**row, "month": _month(row["month"])}) for row in steps.iterator()),
        batch_size=2000,
    )


def _add(table: dict, key, label: dict, row: dict) -> None:
    entry = table.setdefault(key, {**label, "total": 0, "early": 0, "on_time": 0, "late": 0})
    for name in ("early", "on_time", "late"):
        entry[name] += row[name]
        entry["total"] += row[name]


def _rated(table: dict, order) -> list[dict]:
    rows = sorted(table.values(), key=order)
    for row in rows:
        row["rate"] = percent(row["early"] + row["on_time"], row["total"])
    return rows


def figures_read(*, start, end, departments=None, procedure=None, department=None) -> dict:
    """Figures of the whole months from ``start`` (a first day) to ``end``; ``departments``
    (ids) narrows to the dossiers of those departments (None: all). Two queries."""
    months = DossierMonthFigure.objects.filter(month__gte=start.replace(day=1), month__lte=end)
    steps = StepMonthFigure.objects.filter(month__gte=start.replace(day=1), month__lte=end)
    if departments is not None:
        months = months.filter(department_id__in=departments)
        steps = steps.filter(dossier_department_id__in=departments)
    if procedure is not None:
        months, steps = months.filter(procedure=procedure), steps.filter(procedure=procedure)
    if department is not None:
        months, steps = months.filter(department=department), steps.filter(dossier_department=department)
    totals, by_procedure, by_department, by_month, by_step = {}, {}, {}, {}, {}
    for row in months.values(
        "month",
        "early",
        "on_time",
        "late",
        "procedure_id",
        "procedure__code",
        "procedure__name",
        "department_id",
        "department__code",
        "department__name",
    ):
        _add(totals, "all", {}, row)
        _add(
            by_procedure,
            row["procedure_id"],
            {k: row[k] for k in ("procedure_id", "procedure__code", "procedure__name")},
            row,
        )
        _add(
            by_department,
            row["department_id"],
            {k: row[k] for k in ("department_id", "department__code", "department__name")},
            row,
        )
        _add(by_month, row["month"], {"month": row["month"]}, row)
    for row in steps.values("early", "on_time", "late", "procedure__code", "step", "department__code"):
        key = (row["procedure__code"], row["step"], row["department__code"])
        _add(
            by_step,
            key,
            {"dossier__procedure__code": key[0], "step": key[1], "department__code": key[2]},
            row,
        )
    total = _rated(totals, lambda r: 0)
    return {
        "totals": total[0] if total else {"total": 0, "early": 0, "on_time": 0, "late": 0, "rate": None},
        "by_procedure": _rated(by_procedure, lambda r: r["procedure__code"]),
        "by_department": _rated(by_department, lambda r: r["department__code"]),
        "by_month": _rated(by_month, lambda r: r["month"]),
        "by_step": _rated(
            by_step, lambda r: (r["dossier__procedure__code"], r["step"], r["department__code"] or "")
        ),
    }
