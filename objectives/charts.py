"""The objectives' charts, drawn by qms.charts (server-rendered SVG, every mark a link)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from objectives.workflow import ObjectiveStatus
from qms import charts

STATUS_CHART_TONES = {
    ObjectiveStatus.ON_TRACK: "good",
    ObjectiveStatus.AT_RISK: "warn",
    ObjectiveStatus.MISSED: "bad",
    ObjectiveStatus.NOT_MEASURED: "muted",
}


PLOT_HEIGHT = 180  # px
LEFT, RIGHT = 11.0, 2.0  # percent kept for the value axis and the right margin


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Scale:
    """Where a value and a period fall in the plot: the y axis spans the values, target and
    threshold with a margin (never from zero), one column per period."""

    top = 24

    def __init__(self, values, columns: int):
        low, high = min(values), max(values)
        pad = max((high - low) * 0.15, abs(high) * 0.02, 1)
        self.low, self.high = low - pad, high + pad
        self.column = (100 - LEFT - RIGHT) / columns

    def y(self, value) -> float:
        return self.top + (self.high - value) / (self.high - self.low) * PLOT_HEIGHT

    def x(self, index) -> float:
        return LEFT + self.column * (index + 0.5)


def _reference_lines(scale, target, threshold) -> list[str]:
    parts = []
    for value, colour, dash in (
        (target, charts.TONES["good"], ""),
        (threshold, charts.TONES["warn"], ' stroke-dasharray="6 4"'),
    ):
        if value is None:
            continue
        y = scale.y(value)
        parts.append(
            f'<line x1="{LEFT}%" x2="{100 - RIGHT}%" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{LEFT - 1}%" y="{y + 4:.1f}" font-size="12" fill="{colour}" '
            f'text-anchor="end">{escape(_fmt(value))}</text>'
        )
    return parts


def _measured_marks(scale, objective, periods, points) -> list[str]:
    """The line through the measured periods and each point, a link to its row."""
    x, y = scale.x, scale.y
    detail = reverse("objectives:detail", args=[objective.pk])
    parts = [
        f'<line x1="{x(i1):.2f}%" y1="{y(v1):.1f}" x2="{x(i2):.2f}%" y2="{y(v2):.1f}" '
        f'stroke="{charts.TONES["primary"]}" stroke-width="2.5"/>'
        for (i1, v1, _p1), (i2, v2, _p2) in zip(points, points[1:], strict=False)
    ]
    for index, value, pk in points:
        start = periods[index][0]
        label = f"{start.month:02d}/{start.year}: {_fmt(value)} {objective.unit}".strip()
        parts.append(
            f'<a href="{escape(detail)}#measurement-{pk}" aria-label="{escape(label)}">'
            f'<circle cx="{x(index):.2f}%" cy="{y(value):.1f}" r="7" fill="#fff" '
            f'stroke="{charts.TONES["primary"]}" stroke-width="3"/>'
            f'<text x="{x(index):.2f}%" y="{y(value) - 11:.1f}" font-size="12" fill="{charts.TEXT}" '
            f'text-anchor="middle">{escape(_fmt(value))}</text></a>'
        )
    return parts


def objective_chart(objective, measurements):
    """Each period's value (a point, linked to its row on the page) against the target
    and the at-risk threshold, over the year. Drawn here rather than with qms.charts: its
    axis starts at zero, which flattens a 92 % against a 95 % target into one line. Same
    rules: no inline style, 12-13 px text, every mark a link with an aria-label."""
    periods = objective.periods()
    by_start = {m.period_start: m for m in measurements}
    if not by_start:
        return format_html('<p class="text-body-secondary qms-chart-empty">{}</p>', _("No measurement yet."))
    target = float(objective.target)
    threshold = float(objective.threshold) if objective.threshold is not None else None
    references = [target] + ([threshold] if threshold is not None else [])
    scale = _Scale([float(m.value) for m in by_start.values()] + references, len(periods))
    top = scale.top
    parts = _reference_lines(scale, target, threshold)
    points = []
    for index, (start, _end) in enumerate(periods):
        parts.append(
            f'<text x="{scale.x(index):.2f}%" y="{top + PLOT_HEIGHT + 18}" font-size="12" '
            f'fill="{charts.TEXT}" text-anchor="middle">{start.month:02d}</text>'
        )
        measurement = by_start.get(start)
        if measurement is not None:
            points.append((index, float(measurement.value), measurement.pk))
    parts += _measured_marks(scale, objective, periods, points)
    legend = (
        f'<text x="{LEFT}%" y="14" font-size="13" fill="{charts.TONES["primary"]}">● {escape(_("Measured"))}</text>'
        f'<text x="{LEFT + 30}%" y="14" font-size="13" fill="{charts.TONES["good"]}">— {escape(_("Target"))}</text>'
    )
    title = _("%(indicator)s in %(year)s") % {"indicator": objective.indicator_name, "year": objective.year}
    desc = (
        "; ".join(f"{periods[i][0].month:02d}/{periods[i][0].year}: {_fmt(v)}" for i, v, _pk in points)
        + f"; {_('Target')}: {_fmt(target)}"
    )
    return mark_safe(  # noqa: S308 - every piece of text above went through escape() or is a number
        f'<figure class="qms-chart-figure"><svg class="qms-chart qms-chart-objective" role="group" width="100%" '
        f'height="{top + PLOT_HEIGHT + 28}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"<desc>{escape(desc)}</desc>{legend}{''.join(parts)}</svg></figure>"
    )


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
