"""Context of the periodic-review panels on the home and version pages (registered in
reviews.ui)."""

from django.utils import timezone

from reviews.selectors import reviews_due_for_owner, reviews_of_document
from reviews.services import user_may_review


def home_panel(request):
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    versions = list(reviews_due_for_owner(request.user, today=today)[:20])
    return {"versions": versions, "today": today} if versions else None


def version_panel(request, version):
    if version.status != "effective":
        return None
    today = timezone.localdate()
    return {
        "version": version,
        "overdue": bool(version.next_review_date and version.next_review_date < today),
        "last_review": reviews_of_document(version.document).first(),
        "may_review": user_may_review(request.user, version.document),
    }
