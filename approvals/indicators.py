"""Built-in indicator of read-and-understood acknowledgements (qms.indicators)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from approvals.models import Acknowledgement
from qms.indicators import UP, Indicator, percent, register_indicator

KEY_READ_COMPLETION = "read_and_understood_completion"


def read_and_understood_completion(period_start, period_end, department=None):
    """Of the read-and-understood tasks assigned in the period, the share acknowledged.
    Tasks closed because the document was withdrawn are left out; tasks closed by a newer
    version before they were read count as not read."""
    tasks = Acknowledgement.objects.filter(created_at__date__range=(period_start, period_end)).exclude(
        status=Acknowledgement.Status.WITHDRAWN
    )
    if department is not None:
        tasks = tasks.filter(department=department)
    figures = tasks.aggregate(
        assigned=Count("pk"), read=Count("pk", filter=Q(status=Acknowledgement.Status.ACKNOWLEDGED))
    )
    return percent(figures["read"], figures["assigned"])


def register():
    register_indicator(
        Indicator(
            key=KEY_READ_COMPLETION,
            label=_("Read-and-understood completion"),
            unit="%",
            direction=UP,
            compute=read_and_understood_completion,
            app="approvals",
            description=_("Read-and-understood tasks assigned in the period that the reader acknowledged."),
        )
    )
