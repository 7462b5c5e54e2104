"""Reads: dossiers as the permission rule allows, the on-time figures, survey results.

Every figure function runs a fixed number of aggregate queries, whatever the number of
dossiers (tests/dossiers/test_selectors.py pins the count)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from dossiers.figures import figures_read
from dossiers.models import (
    Criterion,
    Dossier,
    DossierStep,
    Outcome,
    RecurringLateStep,
    StepMonthFigure,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from dossiers.permissions import (
    user_department_ids,
    user_sees_all_dossiers,
    user_sees_survey_results,
    visible_dossier_q,
)
from qms.indicators import percent


def late_step_threshold() -> int:
    """A step late more than this many times in a month proposes an NC (QMS_LATE_STEP_THRESHOLD)."""
    return int(getattr(settings, "QMS_LATE_STEP_THRESHOLD", 3))


SETTLED = [Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE]


def dossier_list_visible_to(user):
    return Dossier.objects.filter(visible_dossier_q(user)).select_related("procedure", "department")


def dossier_get_for_user(user, pk) -> Dossier:
    """The dossier, or 404 when it is missing or the user may not see it."""
    try:
        return dossier_list_visible_to(user).get(pk=pk)
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise Http404("No such dossier.") from None


def dossier_by_code_for_user(user, code) -> Dossier:
    try:
        return dossier_list_visible_to(user).get(code=code)
    except Dossier.DoesNotExist:
        raise Http404("No such dossier.") from None


def dossier_detail(dossier) -> dict:
    steps = list(dossier.steps.select_related("department").order_by("started_at", "pk"))
    supplementations = list(dossier.supplementations.order_by("requested_at"))
    return {"steps": steps, "supplementations": supplementations}


def _counts(qs):
    return {
        "total": Count("pk"),
        "early": Count("pk", filter=Q(outcome=Outcome.EARLY)),
        "on_time": Count("pk", filter=Q(outcome=Outcome.ON_TIME)),
        "late": Count("pk", filter=Q(outcome=Outcome.LATE)),
    }


def _with_rate(row: dict) -> dict:
    row["rate"] = percent((row["early"] or 0) + (row["on_time"] or 0), row["total"])
    return row


def period_default(today=None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, to today."""
    today = today or timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    return start, today


def _window(start, end):
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz),
    )


def _whole_months(start, end) -> bool:
    """The rollup answers periods of whole months (to today for the current month)."""
    next_day = end + datetime.timedelta(days=1)
    return start.day == 1 and (next_day.day == 1 or end >= timezone.localdate())


def _live_figures(dossiers, low, high) -> dict:
    """The same figures from the dossiers themselves, for a period that is not whole months."""
    returned = dossiers.filter(returned_at__gte=low, returned_at__lt=high, outcome__in=SETTLED)
    steps = DossierStep.objects.filter(
        dossier__in=dossiers, finished_at__gte=low, finished_at__lt=high, outcome__in=SETTLED
    )
    return {
        "totals": _with_rate(returned.aggregate(**_counts(returned))),
        "by_procedure": [
            _with_rate(row)
            for row in returned.values("procedure_id", "procedure__code", "procedure__name")
            .annotate(**_counts(returned))
            .order_by("procedure__code")
        ],
        "by_department": [
            _with_rate(row)
            for row in returned.values("department_id", "department__code", "department__name")
            .annotate(**_counts(returned))
            .order_by("department__code")
        ],
        "by_month": [
            _with_rate(row)
            for row in returned.annotate(month=TruncMonth("returned_at"))
            .values("month")
            .annotate(**_counts(returned))
            .order_by("month")
        ],
        "by_step": [
            _with_rate(row)
            for row in steps.values("dossier__procedure__code", "step", "department__code")
            .annotate(**_counts(steps))
            .order_by("dossier__procedure__code", "step", "department__code")
        ],
    }


def on_time_dashboard(user, *, start=None, end=None, procedure=None, department=None) -> dict:
    """On-time figures of the dossiers returned between ``start`` and ``end`` (dates),
    per procedure, department, month and step, with the overdue and due-today lists.
    Whole months (the default: the last twelve) are read from the monthly rollup
    (dossiers.figures): five queries, whatever the number of dossiers."""
    if start is None or end is None:
        start, end = period_default()
    low, high = _window(start, end)
    dossiers = Dossier.objects.filter(visible_dossier_q(user))
    if procedure is not None:
        dossiers = dossiers.filter(procedure=procedure)
    if department is not None:
        dossiers = dossiers.filter(department=department)
    if _whole_months(start, end):
        figures = figures_read(
            start=start,
            end=end,
            departments=None if user_sees_all_dossiers(user) else user_department_ids(user),
            procedure=procedure,
            department=department,
        )
    else:
        figures = _live_figures(dossiers, low, high)
    now = timezone.now()
    today_end = _window(timezone.localdate(), timezone.localdate())[1]
    pending = dossiers.filter(returned_at__isnull=True)
    overdue = pending.filter(deadline_at__lt=now)
    due_today = pending.filter(deadline_at__gte=now, deadline_at__lt=today_end)
    open_counts = pending.aggregate(
        overdue=Count("pk", filter=Q(deadline_at__lt=now)),
        due_today=Count("pk", filter=Q(deadline_at__gte=now, deadline_at__lt=today_end)),
        pending=Count("pk"),
    )
    return {
        "start": start,
        "end": end,
        **figures,
        "open": open_counts,
        "overdue": list(overdue.select_related("procedure", "department").order_by("deadline_at")[:20]),
        "due_today": list(due_today.select_related("procedure", "department").order_by("deadline_at")[:20]),
    }


def late_dossiers(user):
    return dossier_list_visible_to(user).filter(
        Q(outcome=Outcome.LATE) | Q(returned_at__isnull=True, deadline_at__lt=timezone.now())
    )


def recurring_late_steps(user, *, month: datetime.date, threshold: int | None = None) -> list[dict]:
    """Steps of a procedure late more than ``threshold`` times in ``month`` (finished in
    it, from the monthly rollup), with the nonconformity already opened for them, if any.
    Two queries."""
    threshold = late_step_threshold() if threshold is None else threshold
    start = month.replace(day=1)
    figures = StepMonthFigure.objects.filter(month=start)
    if not user_sees_all_dossiers(user):
        figures = figures.filter(dossier_department_id__in=user_department_ids(user))
    rows = list(
        figures.values("procedure_id", "procedure__code", "procedure__name", "step")
        .annotate(late=Sum("late"))
        .filter(late__gt=threshold)
        .order_by("-late", "procedure__code", "step")
    )
    for row in rows:
        row["dossier__procedure_id"] = row["procedure_id"]
        row["dossier__procedure__code"] = row["procedure__code"]
        row["dossier__procedure__name"] = row["procedure__name"]
    opened = {
        (r.procedure_id, r.step): r.nonconformity
        for r in RecurringLateStep.objects.filter(month=start).select_related("nonconformity")
    }
    for row in rows:
        row["month"] = start
        row["nonconformity"] = opened.get((row["dossier__procedure_id"], row["step"]))
    return rows


# --- satisfaction ----------------------------------------------------------------------


def survey_for(procedure=None) -> Survey | None:
    """The active survey of ``procedure``, else the active general survey."""
    surveys = Survey.objects.filter(active=True)
    if procedure is not None:
        own = surveys.filter(procedure=procedure).order_by("pk").first()
        if own is not None:
            return own
    return surveys.filter(procedure__isnull=True).order_by("pk").first()


def survey_by_token(token: str) -> Dossier:
    try:
        return Dossier.objects.select_related("procedure").get(survey_token=token)
    except (Dossier.DoesNotExist, ValueError):
        raise Http404("No such receipt.") from None


def _score_row(row):
    row["average"] = Decimal(str(round(row["average"], 2))) if row.get("average") is not None else None
    row["satisfied_rate"] = percent(row.get("satisfied"), row.get("answers"))
    return row


def survey_results(user, *, start=None, end=None, procedure=None, department=None) -> dict:
    """Satisfaction per criterion, procedure, department and month; the low-scoring
    responses. Officers with ``view_survey_results`` only (404 otherwise). Five queries."""
    if not user_sees_survey_results(user):
        raise Http404("No such page.")
    if start is None or end is None:
        start, end = period_default()
    low, high = _window(start, end)
    answers = SurveyAnswer.objects.filter(response__submitted_at__gte=low, response__submitted_at__lt=high)
    responses = SurveyResponse.objects.filter(submitted_at__gte=low, submitted_at__lt=high)
    if procedure is not None:
        answers, responses = (
            answers.filter(response__procedure=procedure),
            responses.filter(procedure=procedure),
        )
    if department is not None:
        answers, responses = (
            answers.filter(response__department=department),
            responses.filter(department=department),
        )
    scores = {
        "answers": Count("pk"),
        "average": Avg("score"),
        "satisfied": Count("pk", filter=Q(score__gte=4)),
    }
    labels = dict(Criterion.choices)
    by_criterion = {
        row["criterion"]: _score_row(row) for row in answers.values("criterion").annotate(**scores)
    }
    return {
        "start": start,
        "end": end,
        "by_criterion": [
            {
                "criterion": key,
                "label": labels[key],
                **by_criterion.get(key, {"answers": 0, "average": None, "satisfied_rate": None}),
            }
            for key in Criterion.values
        ],
        "by_procedure": [
            _score_row(row)
            for row in answers.values("response__procedure__code", "response__procedure__name")
            .annotate(**scores)
            .order_by("response__procedure__code")
        ],
        "by_department": [
            _score_row(row)
            for row in answers.values("response__department__code", "response__department__name")
            .annotate(**scores)
            .order_by("response__department__code")
        ],
        "by_month": [
            _score_row(row)
            for row in answers.annotate(month=TruncMonth("response__submitted_at"))
            .values("month")
            .annotate(**scores)
            .order_by("month")
        ],
        "low": list(
            responses.filter(average__lt=LOW_SCORE)
            .select_related("procedure", "nonconformity")
            .order_by("-submitted_at")[:20]
        ),
        "responses": responses.count(),
    }


LOW_SCORE = Decimal("3")


def response_get_for_user(user, pk) -> SurveyResponse:
    if not user_sees_survey_results(user):
        raise Http404("No such response.")
    try:
        return SurveyResponse.objects.select_related(
            "procedure", "department", "dossier", "nonconformity"
        ).get(pk=pk)
    except (SurveyResponse.DoesNotExist, ValueError, TypeError):
        raise Http404("No such response.") from None


def satisfaction_for_management_review(period_start: datetime.date, period_end: datetime.date) -> dict:
    """Customer satisfaction for the management review (ISO 9001 9.3.2 c 1, 9.1.2).

    For the responses submitted between ``period_start`` and ``period_end`` (both
    included), a plain dict that can be frozen as JSON::

        {"responses": 42,                       # surveys answered in the period
         "average": "4.31",                    # mean score of every answer, 1-5, or None
         "satisfied_rate": "86.50",            # % of answers scoring 4 or 5, or None
         "by_criterion": [{"criterion": "access", "label": "Access to the service",
                           "answers": 84, "average": "4.40", "satisfied_rate": "90.00"}, ...],
         "low_responses": 3,                   # responses averaging under 3 out of 5
         "nonconformities": ["NC-2026-004"]}   # NCs opened from low scores in the period

    Every value is a str, int or None (Decimals as strings). Four queries; no permission
    check: the caller (the management review) decides who sees the compiled inputs.
    """
    low, high = _window(period_start, period_end)
    answers = SurveyAnswer.objects.filter(response__submitted_at__gte=low, response__submitted_at__lt=high)
    responses = SurveyResponse.objects.filter(submitted_at__gte=low, submitted_at__lt=high)
    totals = answers.aggregate(
        answers=Count("pk"), average=Avg("score"), satisfied=Count("pk", filter=Q(score__gte=4))
    )
    per = {
        row["criterion"]: _score_row(row)
        for row in answers.values("criterion").annotate(
            answers=Count("pk"), average=Avg("score"), satisfied=Count("pk", filter=Q(score__gte=4))
        )
    }
    counts = responses.aggregate(responses=Count("pk"), low=Count("pk", filter=Q(average__lt=LOW_SCORE)))
    numbers = sorted(
        responses.filter(nonconformity__isnull=False)
        .values_list("nonconformity__number", flat=True)
        .distinct()
    )

    def text(value):
        return None if value is None else str(value)

    _score_row(totals)
    return {
        "responses": counts["responses"],
        "average": text(totals["average"]),
        "satisfied_rate": text(totals["satisfied_rate"]),
        "by_criterion": [
            {
                "criterion": key,
                "label": str(label),
                "answers": per.get(key, {}).get("answers", 0),
                "average": text(per.get(key, {}).get("average")),
                "satisfied_rate": text(per.get(key, {}).get("satisfied_rate")),
            }
            for key, label in Criterion.choices
        ],
        "low_responses": counts["low"],
        "nonconformities": numbers,
    }
