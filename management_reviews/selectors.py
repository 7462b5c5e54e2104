"""Reads. Pages, API, PDF and exports fetch management reviews through here."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from management_reviews.models import ManagementReview, ReviewDecision, ReviewSection
from management_reviews.permissions import visible_review_q
from management_reviews.workflow import DecisionStatus
from qms import charts


def review_list_visible_to(user):
    return (
        ManagementReview.objects.filter(visible_review_q(user))
        .select_related("chair")
        .annotate(
            decisions_open=Count("decisions", filter=Q(decisions__status=DecisionStatus.OPEN), distinct=True)
        )
        .order_by("-meeting_date", "-pk")
    )


def review_get_for_user(user, pk) -> ManagementReview:
    """The review, or 404 for missing and forbidden alike."""
    try:
        return (
            ManagementReview.objects.filter(visible_review_q(user))
            .select_related("chair", "corrects")
            .prefetch_related("attendees", "corrections")
            .get(pk=pk)
        )
    except (ManagementReview.DoesNotExist, ValueError, TypeError):
        raise Http404("No such management review.") from None


def _translated(rows: list[dict]) -> list[dict]:
    return [
        {**row, "label": _(row["label"]) if row.get("label") else "", "unit": _(row.get("unit") or "")}
        for row in rows
    ]


def section_rows(review) -> list[dict]:
    """The frozen sections, labels translated into the active language, each with its chart
    (qms.charts, every bar a link to the filtered list)."""
    rows = []
    for section in review.sections.all():
        title = _(section.title)
        bars = [
            charts.Bar(label=b["label"], value=b["value"] or 0, url=b.get("url") or None)
            for b in _translated(section.chart)
        ]
        chart = charts.bar_chart(title, bars) if any(bar.value for bar in bars) else None
        rows.append(
            {
                "section": section,
                "title": title,
                "figures": _translated(section.figures),
                "chart": chart,
                "links": _translated(section.links),
                "note": _(section.note) if section.note else "",
            }
        )
    return rows


def decision_list_for(review):
    return review.decisions.select_related("owner", "clause").order_by("due_date", "pk")


def decision_list_visible_to(user, *, status=None, mine=False):
    qs = ReviewDecision.objects.filter(review__in=ManagementReview.objects.filter(visible_review_q(user)))
    if mine:
        qs = qs.filter(owner=user)
    if status == "overdue":
        qs = qs.filter(status=DecisionStatus.OPEN, due_date__lt=timezone.localdate())
    elif status:
        qs = qs.filter(status=status)
    return qs.select_related("review", "owner").order_by("due_date", "pk")


def decision_get_for_user(user, pk) -> ReviewDecision:
    try:
        return decision_list_visible_to(user).get(pk=pk)
    except (ReviewDecision.DoesNotExist, ValueError, TypeError):
        raise Http404("No such decision.") from None


def open_decisions_of(user):
    return ReviewDecision.objects.filter(owner=user, status=DecisionStatus.OPEN)


def review_for_pdf(review):
    return (
        ManagementReview.objects.prefetch_related(
            Prefetch("sections", queryset=ReviewSection.objects.order_by("order", "pk")),
            "attendees",
            Prefetch(
                "decisions",
                queryset=ReviewDecision.objects.select_related("owner").order_by("due_date", "pk"),
            ),
        )
        .select_related("chair")
        .get(pk=review.pk)
    )


def chair_candidates():
    """Users who may chair a review (the head of the organisation)."""
    perm = Permission.objects.filter(
        codename="chair_management_review", content_type__app_label="management_reviews"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm) | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
