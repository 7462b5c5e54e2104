"""The on-time rate of dossiers as a built-in indicator (qms.indicators)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from qms.indicators import UP, Indicator, percent, register_indicator


def dossiers_on_time(period_start, period_end, department=None):
    """Dossiers returned in the period (both dates included) whose result was returned
    by the deadline (early or on time), in percent; None when none was returned. One query."""
    from dossiers.models import Dossier, Outcome

    dossiers = Dossier.objects.filter(
        returned_at__date__gte=period_start, returned_at__date__lte=period_end
    ).exclude(outcome=Outcome.PENDING)
    if department is not None:
        dossiers = dossiers.filter(department=department)
    figures = dossiers.aggregate(
        returned=Count("pk"), on_time=Count("pk", filter=Q(outcome__in=[Outcome.EARLY, Outcome.ON_TIME]))
    )
    return percent(figures["on_time"], figures["returned"])


def survey_satisfaction(period_start, period_end, department=None):
    """Share of survey answers scoring 4 or 5 (satisfied or very satisfied), in percent."""
    from dossiers.models import SurveyAnswer

    answers = SurveyAnswer.objects.filter(
        response__submitted_at__date__gte=period_start, response__submitted_at__date__lte=period_end
    )
    if department is not None:
        answers = answers.filter(response__department=department)
    figures = answers.aggregate(all=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4)))
    return percent(figures["satisfied"], figures["all"])


def register():
    register_indicator(
        Indicator(
            key="dossiers_on_time",
            label=_("Dossiers returned on time"),
            unit="%",
            direction=UP,
            compute=dossiers_on_time,
            app="dossiers",
            description=_(
                "Dossiers returned in the period by their deadline (early or on time), of all returned."
            ),
        )
    )
    register_indicator(
        Indicator(
            key="citizen_satisfaction",
            label=_("Citizen satisfaction"),
            unit="%",
            direction=UP,
            compute=survey_satisfaction,
            app="dossiers",
            description=_("Survey answers scoring 4 or 5 out of 5, of all answers in the period."),
        )
    )
