"""Reads. UI, API, CSV, PDF and file downloads all fetch nonconformities through here."""

import datetime
from collections import Counter

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from nonconformities.models import CorrectiveAction, Feedback, Nonconformity, Verification
from nonconformities.permissions import user_may_triage, visible_nonconformity_q
from nonconformities.workflow import OPEN_STATUSES, FeedbackStatus, NonconformityStatus
from organisation.models import Department

AGE_BUCKETS = [(0, 30, "0–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, None, "> 90")]


def nonconformity_list_visible_to(
    user, *, status=None, department=None, source=None, severity=None, query=""
):
    qs = Nonconformity.objects.filter(visible_nonconformity_q(user))
    if status == "open":
        qs = qs.exclude(status=NonconformityStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if department:
        qs = qs.filter(department=department)
    if source:
        qs = qs.filter(source=source)
    if severity:
        qs = qs.filter(severity=severity)
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(title__icontains=query))
    return qs.select_related("department", "reporter", "owner")


# Read for the register export: plain values, one query with the action counts.
REGISTER_VALUES = (
    "number",
    "title",
    "status",
    "source",
    "severity",
    "department__code",
    "iso_clause",
    "process",
    "date_detected",
    "reporter__first_name",
    "reporter__last_name",
    "reporter__username",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "root_cause",
    "actions_total",
    "actions_open",
    "closed_at",
)


def nonconformity_register_rows(user, *, nonconformities=None, **filters):
    """Rows of the register export, in CSV column order. Labels are translated now (in
    the caller's language), the rows come from one query with the action counts.
    ``nonconformities`` (already narrowed from nonconformity_list_visible_to(user), e.g.
    by the register's FilterSet) replaces ``filters``."""
    labels = {
        "status": {k: str(v) for k, v in NonconformityStatus.choices},
        "source": {k: str(v) for k, v in Nonconformity.Source.choices},
        "severity": {k: str(v) for k, v in Nonconformity.Severity.choices},
    }
    open_action = Q(actions__status=CorrectiveAction.State.OPEN)
    qs = (
        (nonconformities if nonconformities is not None else nonconformity_list_visible_to(user, **filters))
        .annotate(actions_total=Count("actions"), actions_open=Count("actions", filter=open_action))
        .order_by("-date_detected", "-pk")
        .values(*REGISTER_VALUES)
    )
    return (_register_row(row, labels) for row in qs.iterator(chunk_size=2000))


def _register_row(row: dict, labels: dict) -> tuple:
    closed_at = row["closed_at"]
    return (
        row["number"],
        row["title"],
        *(labels[field].get(row[field], row[field]) for field in ("status", "source", "severity")),
        row["department__code"],
        row["iso_clause"],
        row["process"],
        row["date_detected"].strftime("%d/%m/%Y"),
        _person(row, "reporter"),
        _person(row, "owner"),
        row["root_cause"],
        row["actions_total"],
        row["actions_open"],
        timezone.localtime(closed_at).strftime("%d/%m/%Y %H:%M") if closed_at else "",
    )


def _person(row: dict, prefix: str) -> str:
    username = row[f"{prefix}__username"]
    if username is None:
        return ""
    return f"{row[f'{prefix}__first_name']} {row[f'{prefix}__last_name']}".strip() or username


def nonconformity_get_for_user(user, pk) -> Nonconformity:
    """The nonconformity if the user may see it; 404 alike for missing and forbidden."""
    try:
        return (
            Nonconformity.objects.filter(visible_nonconformity_q(user))
            .select_related("department", "department__head", "reporter", "owner", "closed_by", "feedback")
            .get(pk=pk)
        )
    except (Nonconformity.DoesNotExist, ValueError, TypeError):
        raise Http404("No such nonconformity.") from None


def corrective_action_get_for_user(user, pk) -> CorrectiveAction:
    try:
        return (
            CorrectiveAction.objects.filter(
                nonconformity__in=Nonconformity.objects.filter(visible_nonconformity_q(user))
            )
            .select_related("nonconformity", "owner")
            .get(pk=pk)
        )
    except (CorrectiveAction.DoesNotExist, ValueError, TypeError):
        raise Http404("No such action.") from None


def verification_get_for_user(user, pk) -> Verification:
    try:
        return (
            Verification.objects.filter(
                nonconformity__in=Nonconformity.objects.filter(visible_nonconformity_q(user))
            )
            .select_related("nonconformity", "verifier")
            .get(pk=pk)
        )
    except (Verification.DoesNotExist, ValueError, TypeError):
        raise Http404("No such verification.") from None


def corrective_action_list_for(user, *, overdue=False):
    visible = Nonconformity.objects.filter(visible_nonconformity_q(user))
    qs = CorrectiveAction.objects.filter(nonconformity__in=visible).select_related("nonconformity", "owner")
    if overdue:
        qs = qs.filter(status=CorrectiveAction.State.OPEN, due_date__lt=timezone.localdate())
    return qs


def feedback_list_for(user, *, status=None):
    if not user_may_triage(user):
        return Feedback.objects.none()
    qs = Feedback.objects.all()
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("nonconformity")


def feedback_get_for_user(user, pk) -> Feedback:
    try:
        return feedback_list_for(user).get(pk=pk)
    except (Feedback.DoesNotExist, ValueError, TypeError):
        raise Http404("No such feedback.") from None


def feedback_public_status(reference: str) -> dict | None:
    """What the sender may see: the status and the answer, nothing else (no name, message, NC)."""
    if not reference:
        return None
    row = (
        Feedback.objects.filter(reference=reference)
        .values("reference", "status", "submitted_at", "answer", "answered_at", "nonconformity__status")
        .first()
    )
    if row is None:
        return None
    status = row["status"]
    resolved = (
        status == FeedbackStatus.IN_HANDLING and row["nonconformity__status"] == NonconformityStatus.CLOSED
    )
    return {
        "reference": row["reference"],
        "status": status,
        "status_label": FeedbackStatus(status).label,
        "resolved": resolved,
        "submitted_at": row["submitted_at"],
        "answer": row["answer"] if status == FeedbackStatus.ANSWERED else "",
        "answered_at": row["answered_at"],
    }


def _bars(counter: dict, labels: dict | None = None) -> list[dict]:
    """Rows for a server-rendered bar chart: label, count and width in percent."""
    top = max(counter.values(), default=0) or 1
    return [
        {
            "key": key,
            "label": (labels or {}).get(key, key),
            "count": count,
            "percent": round(100 * count / top),
        }
        for key, count in counter.items()
    ]


def repeat_nonconformities(queryset, *, window_months: int = 12) -> list[dict]:
    """Groups of nonconformities with the same ISO clause and department detected within
    ``window_months`` of each other (a sign that corrective action did not reach the cause)."""
    rows = list(
        queryset.exclude(iso_clause="")
        .order_by("department_id", "iso_clause", "date_detected", "pk")
        .values("pk", "number", "iso_clause", "department__code", "department_id", "date_detected")
    )
    groups: list[dict] = []
    previous = None
    for row in rows:
        same_series = (
            previous is not None
            and previous["department_id"] == row["department_id"]
            and previous["iso_clause"] == row["iso_clause"]
            and row["date_detected"] <= previous["date_detected"] + relativedelta(months=window_months)
        )
        if same_series:
            if groups and groups[-1]["numbers"][-1] == previous["number"]:
                groups[-1]["numbers"].append(row["number"])
                groups[-1]["pks"].append(row["pk"])
            else:
                groups.append(
                    {
                        "department": row["department__code"],
                        "iso_clause": row["iso_clause"],
                        "numbers": [previous["number"], row["number"]],
                        "pks": [previous["pk"], row["pk"]],
                    }
                )
        previous = row
    return groups


def dashboard_for(user, *, today: datetime.date | None = None) -> dict:
    """Figures for the oversight page, over the nonconformities the user may see."""
    today = today or timezone.localdate()
    visible = Nonconformity.objects.filter(visible_nonconformity_q(user))
    open_qs = visible.filter(status__in=OPEN_STATUSES)

    def counts(field):
        # One GROUP BY per chart: the database counts, Python never sees the rows.
        return Counter(
            dict(open_qs.order_by(field).values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
        )

    by_status = Counter(dict.fromkeys(OPEN_STATUSES, 0))
    by_status.update(counts("status"))
    closed = visible.filter(status=NonconformityStatus.CLOSED, closed_at__isnull=False)
    closed_days = [
        (timezone.localdate(closed_at) - detected).days
        for detected, closed_at in closed.values_list("date_detected", "closed_at")
    ]
    overdue = (
        CorrectiveAction.objects.filter(
            nonconformity__in=visible, status=CorrectiveAction.State.OPEN, due_date__lt=today
        )
        .exclude(nonconformity__status=NonconformityStatus.CLOSED)
        .select_related("nonconformity", "owner")
        .order_by("due_date", "pk")
    )
    return {
        "open_count": sum(by_status.values()),
        "closed_count": len(closed_days),
        "by_department": _bars(counts("department"), _department_names(counts("department"))),
        "by_source": _bars(counts("source"), dict(Nonconformity.Source.choices)),
        "by_severity": _bars(counts("severity"), dict(Nonconformity.Severity.choices)),
        "by_age": _age_rows(_bars(_open_by_age(open_qs, today)), today),
        "trend": monthly_trend(visible, today=today),
        "by_status": _bars(by_status, dict(NonconformityStatus.choices)),
        "average_days_to_close": round(sum(closed_days) / len(closed_days), 1) if closed_days else None,
        "overdue_actions": overdue[:50],
        "overdue_count": overdue.count(),
        "repeats": repeat_nonconformities(
            visible.filter(date_detected__gte=today - relativedelta(months=24))
        ),
        "feedback": _feedback_figures() if user_may_triage(user) else None,
    }


def _department_names(counter) -> dict:
    return dict(Department.objects.filter(pk__in=list(counter)).values_list("pk", "name"))


def _age_rows(rows: list[dict], today: datetime.date) -> list[dict]:
    """Each age bucket with the detection dates it covers (the list it links to)."""
    for row, (low, high, _label) in zip(rows, AGE_BUCKETS, strict=True):
        row["detected_to"] = today - datetime.timedelta(days=low)
        row["detected_from"] = today - datetime.timedelta(days=high) if high is not None else None
    return rows


def monthly_trend(visible, *, today: datetime.date, months: int = 12) -> list[dict]:
    """Opened (detected) and closed per month over the last ``months`` months, oldest first.

    Two aggregate queries whatever the number of months; each row carries the month's first
    and last day for the filtered list a chart links to."""
    rows = []
    first = today.replace(day=1) - relativedelta(months=months - 1)
    for n in range(months):
        start = first + relativedelta(months=n)
        rows.append({"month": start, "start": start, "end": start + relativedelta(months=1, days=-1)})
    opened = visible.aggregate(
        **{
            f"m{n}": Count("pk", filter=Q(date_detected__range=(r["start"], r["end"])))
            for n, r in enumerate(rows)
        }
    )
    closed = visible.filter(closed_at__isnull=False).aggregate(
        **{
            f"m{n}": Count("pk", filter=Q(closed_at__date__range=(r["start"], r["end"])))
            for n, r in enumerate(rows)
        }
    )
    for n, row in enumerate(rows):
        row["opened"] = opened[f"m{n}"]
        row["closed"] = closed[f"m{n}"]
    return rows


def _open_by_age(open_qs, today: datetime.date) -> Counter:
    """Open records per age bucket (days since detection), counted in one query."""
    age_filters = {}
    for index, (low, high, _label) in enumerate(AGE_BUCKETS):
        q = Q(date_detected__lte=today - datetime.timedelta(days=low))
        if high is not None:
            q &= Q(date_detected__gte=today - datetime.timedelta(days=high))
        age_filters[f"age_{index}"] = Count("pk", filter=q)
    ages = open_qs.aggregate(**age_filters)
    return Counter({label: ages[f"age_{index}"] for index, (_l, _h, label) in enumerate(AGE_BUCKETS)})


def _feedback_figures() -> dict:
    """Citizen feedback waiting and how fast it is answered (for those who triage it)."""
    waits = [
        (responded - submitted).total_seconds() / 3600
        for submitted, responded in Feedback.objects.filter(responded_at__isnull=False).values_list(
            "submitted_at", "responded_at"
        )
    ]
    return {
        "waiting": Feedback.objects.filter(status=FeedbackStatus.RECEIVED).count(),
        "average_response_hours": round(sum(waits) / len(waits), 1) if waits else None,
        "total": Feedback.objects.count(),
    }
