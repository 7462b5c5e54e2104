"""The objectives' charts, drawn by qms.charts (server-rendered SVG, every mark a link)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from objectives.workflow import ObjectiveStatus
from qms import charts

STATUS_CHART_TONES = {
    ObjectiveStatus.ON_TRACK: "good",
    ObjectiveStatus.AT_RISK: "warn",
    ObjectiveStatus.MISSED: "bad",
    ObjectiveStatus.NOT_MEASURED: "muted",
}


def objective_chart(objective, measurements) -> charts.Chart:
    """Each period's measured value (bars) against the target (a line), over the year.
    A bar links to the measurement's row on the objective's page."""
    periods = objective.periods()
    by_start = {m.period_start: m for m in measurements}
    detail = reverse("objectives:detail", args=[objective.pk])
    values, urls = [], []
    for start, _end in periods:
        measurement = by_start.get(start)
        values.append(float(measurement.value) if measurement else 0)
        urls.append(f"{detail}#measurement-{measurement.pk}" if measurement else None)
    target = float(objective.target)
    series = [
        charts.Series(_("Measured"), values=values, urls=urls, tone="primary"),
        charts.Series(_("Target"), values=[target] * len(periods), tone="good", line=True),
    ]
    if objective.threshold is not None:
        series.append(
            charts.Series(
                _("At-risk threshold"),
                values=[float(objective.threshold)] * len(periods),
                tone="warn",
                line=True,
            )
        )
    chart = charts.trend_chart(
        _("%(indicator)s in %(year)s") % {"indicator": objective.indicator_name, "year": objective.year},
        months=[start for start, _end in periods],
        series=series,
        empty_text=_("No measurement yet."),
    )
    if not measurements:
        chart.series = []  # an empty chart says so instead of drawing only the target
    return chart


def status_chart(counts: dict[str, int], *, year: int, list_url: str) -> charts.Chart:
    """How many of the year's objectives are on track, at risk, missed, not measured;
    each bar links to the list filtered on that status."""
    return charts.bar_chart(
        _("Objectives of %(year)s by status") % {"year": year},
        [
            charts.Bar(
                label=str(label),
                value=counts.get(status, 0),
                url=f"{list_url}?{urlencode({'year': year, 'status': status})}",
                tone=STATUS_CHART_TONES[status],
            )
            for status, label in ObjectiveStatus.choices
        ],
        empty_text=_("No objectives for this year."),
    )
