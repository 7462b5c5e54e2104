"""Reads for periodic review. Every list starts from documents.selectors.version_list_visible_to,
so a user only ever sees reviews of versions they may read."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from documents.models import DocumentVersion
from documents.selectors import version_list_visible_to
from documents.workflow import DocumentStatus
from reviews.models import PeriodicReview

DUE_WINDOW_DAYS = 30


def settled_q():
    """A review recorded for the version's current due date settles it (revise, or a
    withdrawal waiting for an officer): it is no longer due nor overdue."""
    return Exists(
        PeriodicReview.objects.filter(version=OuterRef("pk"), due_date=OuterRef("next_review_date"))
    )


def versions_awaiting_review(queryset=None) -> QuerySet:
    """Effective versions with a review date that no recorded review has settled yet."""
    queryset = DocumentVersion.objects.all() if queryset is None else queryset
    return queryset.filter(status=DocumentStatus.EFFECTIVE, next_review_date__isnull=False).exclude(
        settled_q()
    )


def _with_document(queryset):
    return queryset.select_related(
        "document__department", "document__owner", "document__doc_type", "document__department__head"
    )


def reviews_due(user, *, today: datetime.date, within_days: int = DUE_WINDOW_DAYS) -> QuerySet:
    return _with_document(
        versions_awaiting_review(version_list_visible_to(user)).filter(
            next_review_date__gte=today, next_review_date__lte=today + datetime.timedelta(days=within_days)
        )
    ).order_by("next_review_date", "document__number")


def reviews_overdue(user, *, today: datetime.date) -> QuerySet:
    """Overdue reviews ordered by department then owner, for grouping on the page (the
    page and the API filter them through reviews.filters)."""
    queryset = versions_awaiting_review(version_list_visible_to(user)).filter(next_review_date__lt=today)
    return _with_document(queryset).order_by(
        "document__department__code", "document__owner__username", "next_review_date", "document__number"
    )


def reviews_visible_to(user) -> QuerySet:
    """Reviews of the versions the user may see, newest first."""
    return (
        PeriodicReview.objects.filter(version__in=version_list_visible_to(user).values("pk"))
        .select_related("version__document__department", "reviewed_by", "new_version")
        .order_by("-reviewed_at", "-pk")
    )


def reviews_recent(user, *, since: datetime.date) -> QuerySet:
    return reviews_visible_to(user).filter(reviewed_at__date__gte=since)


def reviews_due_for_owner(user, *, today: datetime.date, within_days: int = DUE_WINDOW_DAYS) -> QuerySet:
    """The user's own documents due within the window or already overdue (home panel)."""
    return (
        versions_awaiting_review()
        .filter(document__owner=user, next_review_date__lte=today + datetime.timedelta(days=within_days))
        .select_related("document")
        .order_by("next_review_date", "document__number")
    )


def review_version_get_for_user(user, pk) -> DocumentVersion:
    """The version whose review page the user opens; 404 alike for missing and forbidden."""
    try:
        return _with_document(version_list_visible_to(user)).get(pk=pk)
    except (DocumentVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such version.") from None


def reviews_of_document(document) -> QuerySet:
    return (
        PeriodicReview.objects.filter(version__document=document)
        .select_related("version", "reviewed_by", "new_version")
        .order_by("-reviewed_at", "-pk")
    )
