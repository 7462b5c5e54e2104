from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, register_nav, register_panel


def _my_reviews(request):
    from reviews.selectors import reviews_due_for_owner

    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    versions = list(reviews_due_for_owner(request.user, today=today)[:20])
    return {"versions": versions, "today": today} if versions else None


def _version_review(request, version):
    from reviews.selectors import reviews_of_document
    from reviews.services import user_may_review

    if version.status != "effective":
        return None
    today = timezone.localdate()
    return {
        "version": version,
        "overdue": bool(version.next_review_date and version.next_review_date < today),
        "last_review": reviews_of_document(version.document).first(),
        "may_review": user_may_review(request.user, version.document),
    }


def register():
    register_nav(NavItem(_("Periodic review"), "reviews:due", order=40))
    register_panel("home", Panel("reviews/panels/my_reviews.html", _my_reviews, order=20))
    register_panel("version", Panel("reviews/panels/version_review.html", _version_review, order=50))
