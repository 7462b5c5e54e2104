"""Small server-rendered SVG charts: readable on a phone, every mark a link to its list.

No JavaScript, no library, nothing inline that the Content-Security-Policy refuses (only
SVG presentation attributes, no ``style``). The SVG has no ``viewBox``: positions across
are percentages and heights are pixels, so the text is drawn at its own size (13 px
labels, never below 12 px) whatever the width of the card, at 390 px as at 1280 px.
Labels are never cut: a bar's label sits on its own line above the bar and wraps onto
more lines when long.

API (build in a selector or view, render in a template with ``{{ chart }}``; a chart is
safe HTML through ``__html__``)::

    from qms import charts

    chart = charts.bar_chart(
        _("Open by department"),
        [charts.Bar(label=d.name, value=n, url=f"{list_url}?department={d.pk}&state=open")
         for d, n in rows],
        empty_text=_("No open nonconformities."),
    )

    charts.stacked_bar_chart(
        _("Findings by audit"),
        categories=["IA-2026-01", "IA-2026-02"],
        series=[charts.Series(_("Major"), values=[1, 0], urls=[url1, url2]),
                charts.Series(_("Minor"), values=[2, 3], urls=[url3, url4])],
    )

    months = charts.last_months(12)                 # first days of the last 12 months
    charts.trend_chart(
        _("Opened and closed per month"),
        months=months,
        series=[charts.Series(_("Opened"), values=[...], urls=[...]),
                charts.Series(_("Closed"), values=[...], urls=[...], line=True)],
    )

- ``Bar(label, value, url=None, tone=None)``: one horizontal bar; ``tone`` is a key of
  ``TONES`` ("primary", "warn", "bad", "good", "muted") or None for the default.
- ``Series(label, values, urls=None, tone=None, line=False)``: one series, a value (and a
  link) per category or month; in a trend chart ``line=True`` draws it as a line with a
  linked point per month instead of bars.
- Every bar, segment and point is an ``<a href>`` with an ``aria-label`` "label: value";
  the ``<svg>`` has ``role="group"`` (a chart of links; ``role="img"`` would hide the
  links from assistive technology), a ``<title>`` and a ``<desc>`` listing every figure.
- ``chart.rows()`` gives (label, value, url) for a table under the chart if a page wants
  one; ``chart.total`` sums the figures.
- ``month_range(month)`` gives the [first day, first day of next month) pair a list
  filter needs; ``month_label(month)`` gives "01/2026".

Colours have at least 4.5:1 contrast with white (text in bars) and 3:1 with the page.
Hover and keyboard focus are styled by static/css/charts.css (link it in the page's
``head`` block: ``<link rel="stylesheet" href="{% static 'css/charts.css' %}">``); the
charts read fine without it.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

FONT_SIZE = 13  # px; the smallest text any chart draws is SMALL_FONT_SIZE
SMALL_FONT_SIZE = 12
LINE_HEIGHT = 17
BAR_HEIGHT = 18
WRAP_AT = 38  # characters per label line; ~330 px at 13 px, fits a 390 px phone

TONES = {
    "primary": "#0b5cad",
    "warn": "#9a5b00",
    "bad": "#b02a37",
    "good": "#146c43",
    "muted": "#5c636a",
    "accent": "#6f42c1",
}
SERIES_TONES = ["primary", "warn", "good", "bad", "accent", "muted"]
TEXT = "#212529"
GRID = "#dee2e6"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    url: str | None = None
    tone: str | None = None


@dataclass(frozen=True)
class Series:
    label: str
    values: list
    urls: list | None = None
    tone: str | None = None
    line: bool = False

    def url(self, index):
        return self.urls[index] if self.urls and index < len(self.urls) else None


def _fmt(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value))


def _colour(tone, index=0) -> str:
    return TONES.get(tone or SERIES_TONES[index % len(SERIES_TONES)], TONES["primary"])


def _link(url, label, inner) -> str:
    """An <a> around a mark, or a plain group when the figure has no list."""
    if not url:
        return f'<g role="img" aria-label="{escape(label)}">{inner}</g>'
    return f'<a href="{escape(url)}" aria-label="{escape(label)}">{inner}</a>'


def _text(x, y, content, *, anchor="start", size=FONT_SIZE, weight=None, fill=TEXT) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}"{weight_attr} fill="{fill}" '
        f'text-anchor="{anchor}">{escape(content)}</text>'
    )


def _wrapped(x, y, label) -> tuple[str, int]:
    """A label on as many lines as it needs; returns (svg, number of lines)."""
    lines = textwrap.wrap(str(label), WRAP_AT, break_long_words=False) or [""]
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}" font-size="{FONT_SIZE}" fill="{TEXT}">{spans}</text>', len(lines)


@dataclass
class Chart:
    title: str
    kind: str
    bars: list[Bar] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    empty_text: str = ""
    css_class: str = ""

    # --- figures -------------------------------------------------------------------

    def rows(self) -> list[tuple[str, object, str | None]]:
        if self.kind == "bar":
            return [(b.label, b.value, b.url) for b in self.bars]
        return [
            (f"{cat} · {s.label}", s.values[i], s.url(i))
            for s in self.series
            for i, cat in enumerate(self.categories)
        ]

    @property
    def total(self):
        return sum(value for _, value, _ in self.rows())

    @property
    def is_empty(self) -> bool:
        return not any(value for _, value, _ in self.rows())

    # --- drawing -------------------------------------------------------------------

    def _svg(self, height, body, legend="") -> SafeString:
        desc = "; ".join(f"{label}: {_fmt(value)}" for label, value, _ in self.rows())
        return mark_safe(  # noqa: S308 - every piece of text above went through escape()
            f'<svg class="qms-chart qms-chart-{self.kind}" role="group" width="100%" '
            f'height="{height}" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(self.title)}</title>'
            f"<desc>{escape(desc)}</desc>{legend}{body}</svg>"
        )

    def _legend(self, y=14) -> tuple[str, int]:
        """Legend items, one per line (long series names never collide)."""
        parts = []
        for index, s in enumerate(self.series):
            top = y + index * LINE_HEIGHT
            parts.append(
                f'<rect x="0" y="{top - 11}" width="12" height="12" fill="{_colour(s.tone, index)}"/>'
                + _text(18, top, s.label)
            )
        return "".join(parts), y + len(self.series) * LINE_HEIGHT

    def _draw_bars(self) -> SafeString:
        peak = max((b.value for b in self.bars), default=0) or 1
        parts, y = [], 0
        for bar in self.bars:
            label_svg, lines = _wrapped(0, y + FONT_SIZE, bar.label)
            y += lines * LINE_HEIGHT + 2
            width = max(bar.value / peak * 82, 0.6 if bar.value else 0)
            rect = (
                f'<rect x="0" y="{y}" width="{width:.2f}%" height="{BAR_HEIGHT}" rx="2" '
                f'fill="{_colour(bar.tone)}"/>'
                + _text(f"{width + 1.5:.2f}%", y + BAR_HEIGHT - 4, _fmt(bar.value), weight="600")
            )
            parts.append(label_svg + _link(bar.url, f"{bar.label}: {_fmt(bar.value)}", rect))
            y += BAR_HEIGHT + 10
        return self._svg(y, "".join(parts))

    def _draw_stacked(self) -> SafeString:
        totals = [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]
        peak = max(totals, default=0) or 1
        legend, y = self._legend()
        parts = []
        y += 6
        for i, category in enumerate(self.categories):
            label_svg, lines = _wrapped(0, y + FONT_SIZE, category)
            y += lines * LINE_HEIGHT + 2
            left = 0.0
            segments = []
            for index, s in enumerate(self.series):
                value = s.values[i]
                if not value:
                    continue
                width = value / peak * 82
                segment = (
                    f'<rect x="{left:.2f}%" y="{y}" width="{width:.2f}%" height="{BAR_HEIGHT}" '
                    f'fill="{_colour(s.tone, index)}" stroke="#fff" stroke-width="1"/>'
                )
                segments.append(_link(s.url(i), f"{category} · {s.label}: {_fmt(value)}", segment))
                left += width
            total = _text(f"{left + 1.5:.2f}%", y + BAR_HEIGHT - 4, _fmt(totals[i]), weight="600")
            parts.append(label_svg + "".join(segments) + total)
            y += BAR_HEIGHT + 10
        return self._svg(y, "".join(parts), legend)

    def _draw_trend(self) -> SafeString:
        legend, top = self._legend()
        top += 8
        plot = 150  # px of bar height
        columns = len(self.categories) or 1
        bar_series = [(i, s) for i, s in enumerate(self.series) if not s.line]
        line_series = [(i, s) for i, s in enumerate(self.series) if s.line]
        peak = max((v for s in self.series for v in s.values), default=0) or 1
        left_pad, right_pad = 2.0, 1.0  # percent
        column = (100 - left_pad - right_pad) / columns
        base = top + plot
        parts = [f'<line x1="0" x2="100%" y1="{base}" y2="{base}" stroke="{GRID}"/>']

        def x_of(col, offset=0.5):
            return left_pad + column * (col + offset)

        for col, category in enumerate(self.categories):
            slot = column * 0.8 / max(len(bar_series), 1)
            for n, (index, s) in enumerate(bar_series):
                value = s.values[col]
                if not value:
                    continue  # nothing to draw or click; the month's figure is in <desc>
                height = value / peak * plot
                x = left_pad + column * (col + 0.1) + slot * n
                inner = (
                    f'<rect x="{x:.2f}%" y="{base - height:.1f}" width="{slot:.2f}%" '
                    f'height="{max(height, 1):.1f}" fill="{_colour(s.tone, index)}"/>'
                ) + _text(
                    f"{x + slot / 2:.2f}%",
                    base - height - 3,
                    _fmt(value),
                    anchor="middle",
                    size=SMALL_FONT_SIZE,
                )
                parts.append(_link(s.url(col), f"{category} · {s.label}: {_fmt(value)}", inner))
            # Month on one line, the year under January and under the first month (unless
            # January is next: two years side by side do not fit 12 columns at 390 px).
            month, _, year = str(category).partition("/")
            parts.append(_text(f"{x_of(col):.2f}%", base + 16, month, anchor="middle", size=SMALL_FONT_SIZE))
            next_is_january = col + 1 < len(self.categories) and str(self.categories[col + 1]).startswith(
                "01/"
            )
            if year and (month == "01" or (col == 0 and not next_is_january)):
                parts.append(
                    _text(f"{x_of(col):.2f}%", base + 31, year, anchor="middle", size=SMALL_FONT_SIZE)
                )
        for index, s in line_series:
            colour = _colour(s.tone, index)
            points = [(x_of(col), base - s.values[col] / peak * plot) for col in range(len(self.categories))]
            for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
                parts.append(
                    f'<line x1="{x1:.2f}%" y1="{y1:.1f}" x2="{x2:.2f}%" y2="{y2:.1f}" '
                    f'stroke="{colour}" stroke-width="2.5"/>'
                )
            for col, (x, y) in enumerate(points):
                category = self.categories[col]
                value = s.values[col]
                inner = f'<circle cx="{x:.2f}%" cy="{y:.1f}" r="6" fill="#fff" stroke="{colour}" stroke-width="2.5"/>'
                parts.append(_link(s.url(col), f"{category} · {s.label}: {_fmt(value)}", inner))
        return self._svg(base + 38, "".join(parts), legend)

    def __html__(self) -> str:
        if self.is_empty:
            return format_html(
                '<p class="text-body-secondary qms-chart-empty">{}</p>', self.empty_text or "—"
            )
        drawn = {"bar": self._draw_bars, "stacked": self._draw_stacked, "trend": self._draw_trend}[
            self.kind
        ]()
        return format_html('<figure class="qms-chart-figure {}">{}</figure>', self.css_class, drawn)

    def __str__(self) -> str:
        return self.__html__()


def bar_chart(title, bars, *, empty_text="", css_class="") -> Chart:
    """Horizontal bars, one per Bar, label above each bar."""
    return Chart(title=str(title), kind="bar", bars=list(bars), empty_text=empty_text, css_class=css_class)


def stacked_bar_chart(title, categories, series, *, empty_text="", css_class="") -> Chart:
    """Horizontal stacked bars: one bar per category, one segment per Series."""
    return Chart(
        title=str(title),
        kind="stacked",
        categories=[str(c) for c in categories],
        series=list(series),
        empty_text=empty_text,
        css_class=css_class,
    )


def trend_chart(title, months, series, *, empty_text="", css_class="") -> Chart:
    """Months across (dates or labels), grouped vertical bars per Series, or lines (line=True)."""
    categories = [month_label(m) if isinstance(m, datetime.date) else str(m) for m in months]
    return Chart(
        title=str(title),
        kind="trend",
        categories=categories,
        series=list(series),
        empty_text=empty_text,
        css_class=css_class,
    )


def last_months(count=12, today=None) -> list[datetime.date]:
    """First days of the last ``count`` months, oldest first, the current month last."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def month_range(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[first day, first day of the next month) for a list filter on one month."""
    start = month.replace(day=1)
    end = datetime.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


def month_label(month: datetime.date) -> str:
    return f"{month.month:02d}/{month.year}"
