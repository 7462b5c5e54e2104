"""Free text that carries references: keep each reference or date on one line.

A phone breaks "HS-DEMO-01472" after a hyphen and "27/11/2026" after a slash;
``{{ text|keep_codes }}`` escapes the text and wraps such tokens in
``<span class="text-nowrap">``.
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# Document and record numbers (QT-KTKD-01, NC-2026-047, HS-DEMO-01472, 1.005095) and dates.
CODE = re.compile(
    r"\b[A-Z][A-Z0-9]*(?:[-/.][A-Z0-9]+)*[-/.][A-Z0-9]*\d[A-Z0-9]*\b|\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d\.\d{6}\b"
)


@register.filter(is_safe=True, needs_autoescape=True)
def keep_codes(value, autoescape=True):
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(CODE.sub(lambda m: f'<span class="text-nowrap">{m.group(0)}</span>', str(text)))
