"""Built-in indicator of the audit programme (qms.indicators)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, ProgrammeItem
from audits.workflow import AuditStatus
from qms.indicators import UP, Indicator, percent, register_indicator

KEY_PROGRAMME_COMPLETION = "audit_programme_completion"


def audit_programme_completion(period_start, period_end, department=None):
    """Audits of the year's programme reported or closed by the end of the period, out of
    the audits the programme plans for the whole year (the sum of its items' frequency):
    a cumulative figure that reaches 100 % when the programme is done."""
    year = period_end.year
    items = ProgrammeItem.objects.filter(programme__year=year)
    audits = Audit.objects.filter(programme__year=year, planned_start__lte=period_end)
    if department is not None:
        items = items.filter(department=department)
        audits = audits.filter(departments=department)
    planned = items.aggregate(planned=Sum("frequency"))["planned"]
    done = audits.aggregate(
        done=Count("pk", distinct=True, filter=Q(status__in=[AuditStatus.REPORTED, AuditStatus.CLOSED]))
    )["done"]
    return percent(min(done, planned or 0), planned)


def register():
    register_indicator(
        Indicator(
            key=KEY_PROGRAMME_COMPLETION,
            label=_("Audit programme completion"),
            unit="%",
            direction=UP,
            compute=audit_programme_completion,
            app="audits",
            description=_(
                "Audits of the year's programme reported or closed so far, out of the audits it plans."
            ),
        )
    )
