"""Context of the periodic-review panels on the home and version pages (registered in
reviews.ui)."""

from django.db.models import Exists
from django.urls import reverse
from django.utils import timezone

from qms.ui import SubqueryCount
from reviews.models import PeriodicReview
from reviews.selectors import reviews_due, reviews_due_for_owner, reviews_of_document
from reviews.services import user_may_review


def home_panel(request):
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    versions = list(reviews_due_for_owner(request.user, today=today)[:20])
    return {"versions": versions, "today": today} if versions else None


def version_facts(request, version):
    """Asked with the page's other small questions in one query (qms.ui)."""
    if version.status != "effective":
        return {}
    return {"reviewed": Exists(PeriodicReview.objects.filter(version__document_id=version.document_id))}


def version_panel(request, version, facts):
    if version.status != "effective":
        return None
    today = timezone.localdate()
    return {
        "version": version,
        "overdue": bool(version.next_review_date and version.next_review_date < today),
        "last_review": reviews_of_document(version.document).first() if facts["reviewed"] else None,
        "may_review": user_may_review(request.user, version.document),
    }


# --- home tile (registered in reviews.ui) ----------------------------------------------


def tile_due(user) -> int | None:
    """Effective versions whose periodic review falls in the due window (the Due list);
    for those who record reviews of any document."""
    if not user.is_authenticated or not user.has_perm("reviews.record_any_review"):
        return None
    return SubqueryCount(reviews_due(user, today=timezone.localdate()))


def tile_due_url(user) -> str:
    return reverse("reviews:due")
