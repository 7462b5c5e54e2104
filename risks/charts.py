"""The heat map as server-rendered SVG (the site's CSP allows no inline style; SVG
presentation attributes are fine): one rectangle per likelihood x impact cell in its
band's colour, the count in it, each cell a link to the register filtered on it."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from qms.charts import FONT_SIZE, TEXT

CELL_HEIGHT = 46
LEFT = 8  # percent kept for the impact axis labels
BOTTOM = 44  # px under the grid for the likelihood labels


def heat_map_svg(heat) -> str:
    columns = heat.likelihood_levels
    width = (100 - LEFT) / columns
    parts = []
    for row_index, row in enumerate(heat.rows):
        y = row_index * CELL_HEIGHT
        impact = row[0].impact
        parts.append(
            f'<text x="{LEFT / 2:.2f}%" y="{y + CELL_HEIGHT / 2 + 5}" font-size="{FONT_SIZE}" fill="{TEXT}" '
            f'text-anchor="middle">{impact}</text>'
        )
        for col, cell in enumerate(row):
            x = LEFT + col * width
            colour = cell.band.colour if cell.band else "#adb5bd"
            label = _("Likelihood %(l)s × impact %(i)s: %(n)s") % {
                "l": cell.likelihood,
                "i": cell.impact,
                "n": cell.count,
            }
            count = str(cell.count) if cell.count else ""
            rect = (
                f'<rect x="{x + 0.3:.2f}%" y="{y + 2}" width="{width - 0.6:.2f}%" height="{CELL_HEIGHT - 4}" rx="4" '
                f'fill="{escape(colour)}" fill-opacity="{1 if cell.count else 0.35}"/>'
                f'<text x="{x + width / 2:.2f}%" y="{y + CELL_HEIGHT / 2 + 6}" font-size="16" font-weight="700" '
                f'fill="#ffffff" text-anchor="middle">{count}</text>'
            )
            if cell.count:
                parts.append(f'<a href="{escape(cell.url)}" aria-label="{escape(label)}">{rect}</a>')
            else:
                parts.append(f'<g role="img" aria-label="{escape(label)}">{rect}</g>')
    base = len(heat.rows) * CELL_HEIGHT
    for col in range(columns):
        x = LEFT + (col + 0.5) * width
        parts.append(
            f'<text x="{x:.2f}%" y="{base + 18}" font-size="{FONT_SIZE}" fill="{TEXT}" text-anchor="middle">{col + 1}</text>'
        )
    parts.append(
        f'<text x="{LEFT + (100 - LEFT) / 2:.2f}%" y="{base + 38}" font-size="{FONT_SIZE}" fill="{TEXT}" '
        f'text-anchor="middle">{escape(_("Likelihood"))} →</text>'
    )
    title = escape(_("Heat map: number of risks per likelihood and impact"))
    return mark_safe(  # noqa: S308 - every piece of text above went through escape() or is a number
        f'<svg class="qms-chart" role="group" width="100%" height="{base + BOTTOM}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{"".join(parts)}</svg>'
    )
