"""The process of a procedure as a numbered diagram: inline SVG made on the server.

Each step is a band with its number in a circle, its name, the department and role that
handle it and its time limit; an arrow leads to the next step. Like ``qms.charts`` the
SVG has no ``viewBox`` (heights in pixels, positions across in percent or pixels from
either edge), so the text keeps its size whatever the width, and it uses presentation
attributes only (no ``style``, nothing the Content-Security-Policy refuses, no script).

Two drawings of the same steps are given: a wide one (the time limit in a pill at the
right, lines wrapped at 40 characters; shown from Bootstrap's ``md`` breakpoint, where
the card is at least 580 px wide) and a narrow one for phones (wrapped at 28 characters,
the time limit on its own line). Both are hidden from assistive technology: the page gives the same steps as an
ordered list for screen readers (``visually-hidden``), which is what they read::

    {{ p.steps_diagram }}
    <ol class="visually-hidden">{% for s in p.steps %}<li>…</li>{% endfor %}</ol>

The printed posting sheet (procedures/pdf.py) takes the wide drawing one step at a time
(``printed()``), so that a long process breaks between steps from one A4 page to the next.
"""

import textwrap

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qms.charts import TEXT, TONES

NAME_SIZE, DETAIL_SIZE = 15, 13  # px
NAME_LINE, DETAIL_LINE = 20, 18
PAD, GAP = 12, 22  # inside a band; between bands (the arrow)
CIRCLE_X, RADIUS, TEXT_X = 30, 17, 60
PILL_WIDTH = 150
BAND_FILL, BAND_STROKE, MUTED = "#f3f6fa", "#c9d3df", "#495057"
PILL_FILL, PILL_TEXT = "#e3eefb", "#0a3a75"
ARROW = "#6c7a89"


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(str(text or ""), width, break_long_words=True) or []


def _limit(step: dict) -> str:
    if not step.get("time_limit"):
        return ""
    return f"{floatformat(step['time_limit'], '-1')} {step.get('unit_label', '')}".strip()


def _tspans(x: int, lines: list[str], line_height: int) -> str:
    return "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else line_height}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )


def _drawing(steps: list[dict], *, wide: bool, css_class: str, arrow_after: bool = False) -> str:
    name_wrap, detail_wrap = (40, 46) if wide else (28, 32)
    parts, y = [], 0
    for index, step in enumerate(steps):
        name = _lines(step.get("name", ""), name_wrap) or [""]
        who = " · ".join(part for part in (step.get("department"), step.get("role")) if part)
        details = _lines(who, detail_wrap)
        limit = _limit(step)
        limit_line = bool(limit and not wide)  # on a phone: its own line, after a clock
        text_height = len(name) * NAME_LINE + (len(details) + limit_line) * DETAIL_LINE
        height = max(2 * RADIUS + 2 * PAD, text_height + 2 * PAD)
        parts.append(
            f'<rect x="0.5" y="{y + 0.5}" width="100%" height="{height - 1}" rx="10" '
            f'fill="{BAND_FILL}" stroke="{BAND_STROKE}"/>'
        )
        centre = y + PAD + RADIUS
        parts.append(f'<circle cx="{CIRCLE_X}" cy="{centre}" r="{RADIUS}" fill="{TONES["primary"]}"/>')
        parts.append(
            f'<text class="step-number" x="{CIRCLE_X}" y="{centre + 6}" font-size="16" font-weight="700" fill="#fff" '
            f'text-anchor="middle">{step.get("order", index + 1)}</text>'
        )
        top = y + PAD + NAME_SIZE
        parts.append(
            f'<text x="{TEXT_X}" y="{top}" font-size="{NAME_SIZE}" font-weight="600" fill="{TEXT}">'
            f"{_tspans(TEXT_X, name, NAME_LINE)}</text>"
        )
        if details:
            parts.append(
                f'<text x="{TEXT_X}" y="{top + len(name) * NAME_LINE - 2}" font-size="{DETAIL_SIZE}" '
                f'fill="{MUTED}">{_tspans(TEXT_X, details, DETAIL_LINE)}</text>'
            )
        if limit_line:
            base = top + len(name) * NAME_LINE - 2 + len(details) * DETAIL_LINE
            parts.append(
                f'<circle cx="{TEXT_X + 5}" cy="{base - 4}" r="5.5" fill="none" stroke="{PILL_TEXT}" '
                f'stroke-width="1.4"/><path d="M{TEXT_X + 5} {base - 7.5} V{base - 4} H{TEXT_X + 7.5}" '
                f'fill="none" stroke="{PILL_TEXT}" stroke-width="1.4"/>'
                f'<text x="{TEXT_X + 16}" y="{base}" font-size="{DETAIL_SIZE}" font-weight="600" '
                f'fill="{PILL_TEXT}">{escape(limit)}</text>'
            )
        if limit and wide:
            parts.append(
                f'<rect x="100%" y="{y + PAD}" width="{PILL_WIDTH}" height="26" rx="13" fill="{PILL_FILL}" '
                f'transform="translate({-PILL_WIDTH - PAD} 0)"/>'
                f'<text x="100%" y="{y + PAD + 18}" font-size="{DETAIL_SIZE}" font-weight="600" '
                f'fill="{PILL_TEXT}" text-anchor="middle" transform="translate({-PILL_WIDTH // 2 - PAD} 0)">'
                f"{escape(limit)}</text>"
            )
        y += height
        if index < len(steps) - 1 or arrow_after:
            parts.append(
                f'<line x1="{CIRCLE_X}" y1="{y + 3}" x2="{CIRCLE_X}" y2="{y + GAP - 9}" '
                f'stroke="{ARROW}" stroke-width="2"/>'
                f'<path d="M{CIRCLE_X - 6} {y + GAP - 10} L{CIRCLE_X + 6} {y + GAP - 10} '
                f'L{CIRCLE_X} {y + GAP - 2} Z" fill="{ARROW}"/>'
            )
            y += GAP
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" width="100%" height="{y}" '
        f'overflow="visible" focusable="false" aria-hidden="true">{"".join(parts)}</svg>'
    )


class StepsDiagram:
    """The diagram of ``steps`` (the published content's steps, each with its
    ``unit_label``); drawn when a template renders it (``__html__``)."""

    def __init__(self, steps: list[dict]):
        self.steps = steps

    def __bool__(self) -> bool:
        return bool(self.steps)

    def __html__(self) -> SafeString:
        if not self.steps:
            return mark_safe("")
        return mark_safe(  # noqa: S308 - every text in it is escaped above
            '<div class="procedure-diagram mb-3" aria-hidden="true">'
            + _drawing(self.steps, wide=True, css_class="d-none d-md-block")
            + _drawing(self.steps, wide=False, css_class="d-md-none")
            + "</div>"
        )

    __str__ = __html__

    def printed(self) -> list[SafeString]:
        """The wide drawing cut into one SVG per step (its band and the arrow to the next),
        for the printed posting sheet: an SVG is laid out whole, so a long process may
        continue on the next page between two steps instead of running off the page."""
        last = len(self.steps) - 1
        return [
            mark_safe(  # noqa: S308 - every text in it is escaped above
                _drawing([step], wide=True, css_class="diagram-step", arrow_after=index < last)
            )
            for index, step in enumerate(self.steps)
        ]
