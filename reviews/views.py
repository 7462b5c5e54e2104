"""Periodic review pages: thin views over reviews.selectors and reviews.services."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.workflow import DocumentStatus
from qms.filters import filter_for_page
from qms.views import service_call
from reviews import selectors, services
from reviews.filters import OverdueReviewFilterSet
from reviews.forms import ReviewForm
from reviews.models import Outcome

PAGE_SIZE = 50
RECENT_DAYS = 90


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def due_view(request):
    today = timezone.localdate()
    versions = selectors.reviews_due(request.user, today=today)
    return render(
        request,
        "reviews/due.html",
        {"page_obj": _page(request, versions), "today": today, "window": selectors.DUE_WINDOW_DAYS},
    )


@login_required
def overdue_view(request):
    today = timezone.localdate()
    unfiltered = selectors.reviews_overdue(request.user, today=today)
    owners = get_user_model().objects.filter(pk__in=unfiltered.values("document__owner")).order_by("username")
    filterset = filter_for_page(OverdueReviewFilterSet, request, unfiltered, owners=owners)
    return render(
        request,
        "reviews/overdue.html",
        {"page_obj": _page(request, filterset.qs), "form": filterset.form, "today": today},
    )


@login_required
def recent_view(request):
    since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    reviews = selectors.reviews_recent(request.user, since=since)
    return render(request, "reviews/recent.html", {"page_obj": _page(request, reviews), "days": RECENT_DAYS})


@login_required
def version_review_view(request, pk):
    version = selectors.review_version_get_for_user(request.user, pk)
    may_review = (
        services.user_may_review(request.user, version.document)
        and version.status == DocumentStatus.EFFECTIVE
    )
    form = ReviewForm(request.POST or None, request.FILES or None) if may_review else None
    if request.method == "POST":
        if not may_review:
            raise Http404("No such version.")
        if form.is_valid():
            with service_call(request, form=form) as call:
                review = services.review_record(
                    actor=request.user,
                    version=version,
                    outcome=form.cleaned_data["outcome"],
                    comment=form.cleaned_data["comment"],
                    file=form.cleaned_data.get("file"),
                )
            if call.refused:
                return redirect("reviews:version", pk=version.pk)
            if call.ok:
                messages.success(request, _outcome_message(review))
                return redirect("reviews:version", pk=version.pk)
    return render(
        request,
        "reviews/version.html",
        {
            "version": version,
            "document": version.document,
            "form": form,
            "reviews": selectors.reviews_of_document(version.document),
            "today": timezone.localdate(),
        },
    )


def _outcome_message(review):
    if review.outcome == Outcome.NO_CHANGE:
        return _("Review recorded. Next review: %(date)s.") % {
            "date": review.next_review_date.strftime("%d/%m/%Y")
        }
    if review.outcome == Outcome.REVISE:
        return _("Review recorded. Revision %(revision)s is open as a draft.") % {
            "revision": review.new_version.revision_label
        }
    return _("Review recorded. Withdrawal has started.")
