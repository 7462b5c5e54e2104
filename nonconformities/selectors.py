"""Reads. UI, API, CSV, PDF and file downloads all fetch nonconformities through here."""

import datetime
from collections import Counter

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from nonconformities.models import CorrectiveAction, Feedback, Nonconformity, Verification
from nonconformities.permissions import user_may_triage, visible_nonconformity_q
from nonconformities.workflow import OPEN_STATUSES, FeedbackStatus, Status

AGE_BUCKETS = [(0, 30, "0–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, None, "> 90")]


def nonconformity_list_visible_to(
    user, *, status=None, department=None, source=None, severity=None, query=""
):
    qs = Nonconformity.objects.filter(visible_nonconformity_q(user))
    if status == "open":
        qs = qs.exclude(status=Status.CLOSED)
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


def corrective_actions_overdue(*, today: datetime.date | None = None):
    """Every open action past its due date (for the reminders sweep; no user filter)."""
    today = today or timezone.localdate()
    return (
        CorrectiveAction.objects.filter(status=CorrectiveAction.State.OPEN, due_date__lt=today)
        .exclude(nonconformity__status=Status.CLOSED)
        .select_related("nonconformity", "owner")
        .order_by("due_date", "pk")
    )


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
    resolved = status == FeedbackStatus.IN_HANDLING and row["nonconformity__status"] == Status.CLOSED
    return {
        "reference": row["reference"],
        "status": status,
        "status_label": FeedbackStatus(status).label,
        "resolved": resolved,
        "submitted_at": row["submitted_at"],
        "answer": row["answer"] if status == FeedbackStatus.ANSWERED else "",
        "answered_at": row["answered_at"],
    }


def _age_bucket(days: int) -> str:
    for low, high, label in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[-1][2]


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
    open_rows = list(
        visible.filter(status__in=OPEN_STATUSES).values(
            "department__code", "source", "severity", "date_detected", "status"
        )
    )
    by_department = Counter(sorted(r["department__code"] for r in open_rows))
    by_source = Counter(r["source"] for r in open_rows)
    by_severity = Counter(r["severity"] for r in open_rows)
    by_age = Counter({label: 0 for _l, _h, label in AGE_BUCKETS})
    by_age.update(_age_bucket((today - r["date_detected"]).days) for r in open_rows)
    by_status = Counter(dict.fromkeys(OPEN_STATUSES, 0))
    by_status.update(r["status"] for r in open_rows)
    closed = visible.filter(status=Status.CLOSED, closed_at__isnull=False)
    closed_days = [
        (timezone.localdate(closed_at) - detected).days
        for detected, closed_at in closed.values_list("date_detected", "closed_at")
    ]
    average_days = round(sum(closed_days) / len(closed_days), 1) if closed_days else None
    overdue = (
        CorrectiveAction.objects.filter(
            nonconformity__in=visible, status=CorrectiveAction.State.OPEN, due_date__lt=today
        )
        .exclude(nonconformity__status=Status.CLOSED)
        .select_related("nonconformity", "owner")
        .order_by("due_date", "pk")
    )
    since = today - relativedelta(months=24)
    feedback = None
    if user_may_triage(user):
        waits = [
            (responded - submitted).total_seconds() / 3600
            for submitted, responded in Feedback.objects.filter(responded_at__isnull=False).values_list(
                "submitted_at", "responded_at"
            )
        ]
        feedback = {
            "waiting": Feedback.objects.filter(status=FeedbackStatus.RECEIVED).count(),
            "average_response_hours": round(sum(waits) / len(waits), 1) if waits else None,
            "total": Feedback.objects.count(),
        }
    sources = dict(Nonconformity.Source.choices)
    severities = dict(Nonconformity.Severity.choices)
    statuses = dict(Status.choices)
    return {
        "open_count": len(open_rows),
        "closed_count": len(closed_days),
        "by_department": _bars(by_department),
        "by_source": _bars(by_source, sources),
        "by_severity": _bars(by_severity, severities),
        "by_age": _bars(by_age),
        "by_status": _bars(by_status, statuses),
        "average_days_to_close": average_days,
        "overdue_actions": overdue[:50],
        "overdue_count": overdue.count(),
        "repeats": repeat_nonconformities(visible.filter(date_detected__gte=since)),
        "feedback": feedback,
    }
