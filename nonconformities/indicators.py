"""Built-in indicators of nonconformities, corrective actions and feedback (qms.indicators)."""

import datetime

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from nonconformities.models import CorrectiveAction, Feedback, Nonconformity
from nonconformities.workflow import NonconformityStatus
from qms.indicators import DOWN, UP, Indicator, percent, register_indicator, rounded

KEY_ACTIONS_ON_TIME = "nc_actions_closed_on_time"
KEY_DAYS_TO_CLOSE = "nc_mean_days_to_close"
KEY_FEEDBACK_ANSWERED = "feedback_answered_in_time"


def feedback_answer_days() -> int:
    return getattr(settings, "QMS_FEEDBACK_ANSWER_DAYS", 10)


def actions_closed_on_time(period_start, period_end, department=None):
    """Of the corrective actions due in the period (cancelled ones left out), the share
    done by their due date."""
    actions = CorrectiveAction.objects.filter(due_date__range=(period_start, period_end)).exclude(
        status=CorrectiveAction.State.CANCELLED
    )
    if department is not None:
        actions = actions.filter(nonconformity__department=department)
    figures = actions.aggregate(
        due=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(status=CorrectiveAction.State.DONE, completed_at__date__lte=F("due_date")),
        ),
    )
    return percent(figures["on_time"], figures["due"])


def mean_days_to_close(period_start, period_end, department=None):
    """Mean days from detection to closure of the nonconformities closed in the period."""
    closed = Nonconformity.objects.filter(
        status=NonconformityStatus.CLOSED, closed_at__date__range=(period_start, period_end)
    )
    if department is not None:
        closed = closed.filter(department=department)
    mean = closed.aggregate(
        mean=Avg(ExpressionWrapper(TruncDate("closed_at") - F("date_detected"), output_field=DurationField()))
    )["mean"]
    if mean is None:
        return None
    if not isinstance(mean, datetime.timedelta):  # some backends answer in microseconds
        mean = datetime.timedelta(microseconds=float(mean))
    return rounded(mean.total_seconds() / 86400)


def feedback_answered_in_time(period_start, period_end, department=None):
    """Of the feedback received in the period, the share answered within
    QMS_FEEDBACK_ANSWER_DAYS days (default 10). Feedback has no department."""
    if department is not None:
        return None
    received = Feedback.objects.filter(submitted_at__date__range=(period_start, period_end))
    limit = datetime.timedelta(days=feedback_answer_days())
    figures = received.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__lte=F("submitted_at") + limit)),
    )
    return percent(figures["answered"], figures["received"])


def register():
    register_indicator(
        Indicator(
            key=KEY_ACTIONS_ON_TIME,
            label=_("Corrective actions closed on time"),
            unit="%",
            direction=UP,
            compute=actions_closed_on_time,
            app="nonconformities",
            description=_("Corrective actions due in the period that were done by their due date."),
        )
    )
    register_indicator(
        Indicator(
            key=KEY_DAYS_TO_CLOSE,
            label=_("Mean days to close a nonconformity"),
            unit=_("days"),
            direction=DOWN,
            compute=mean_days_to_close,
            app="nonconformities",
            description=_("From detection to closure, for the nonconformities closed in the period."),
        )
    )
    register_indicator(
        Indicator(
            key=KEY_FEEDBACK_ANSWERED,
            label=_("Feedback answered in time"),
            unit="%",
            direction=UP,
            compute=feedback_answered_in_time,
            app="nonconformities",
            description=_(
                "Feedback received in the period that was answered within the set number of days "
                "(organisation-wide only)."
            ),
        )
    )
