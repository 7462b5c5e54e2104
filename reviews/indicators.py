"""Built-in indicator of periodic reviews, registered with qms.indicators from apps.py."""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.indicators import UP, Indicator, percent, register_indicator

KEY_REVIEWED_ON_TIME = "documents_reviewed_on_time"


def documents_reviewed_on_time(period_start, period_end, department=None):
    """Of the reviews due in the period, the share recorded by their due date.

    A review due in the period and recorded late counts as late; so does an effective
    version whose review date fell in the period and passed without any review."""
    from documents.models import DocumentVersion
    from documents.workflow import DocumentStatus
    from reviews.models import PeriodicReview

    reviews = PeriodicReview.objects.filter(due_date__range=(period_start, period_end))
    overdue = DocumentVersion.objects.filter(
        status=DocumentStatus.EFFECTIVE,
        next_review_date__range=(period_start, min(period_end, timezone.localdate())),
        next_review_date__lt=timezone.localdate(),
    )
    if department is not None:
        reviews = reviews.filter(version__document__department=department)
        overdue = overdue.filter(document__department=department)
    figures = reviews.aggregate(
        due=Count("pk"), on_time=Count("pk", filter=Q(reviewed_at__date__lte=F("due_date")))
    )
    return percent(figures["on_time"], figures["due"] + overdue.count())


def register():
    register_indicator(
        Indicator(
            key=KEY_REVIEWED_ON_TIME,
            label=_("Documents reviewed on time"),
            unit="%",
            direction=UP,
            compute=documents_reviewed_on_time,
            app="reviews",
            description=_(
                "Periodic reviews due in the period that were recorded by their due date, "
                "out of all reviews due (reviews still not recorded count as late)."
            ),
        )
    )
