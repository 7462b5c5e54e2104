"""The public PDFs, through the shared rendering service (renditions):

- a form's effective revision as an UNCONTROLLED COPY WHEN PRINTED with the date, built
  from the same plan as the controlled PDF but without the signature manifest and the
  revision table (staff names and change summaries never go to the public), cached by
  version, checksum, language and day;
- the A4 posting sheet (niêm yết) of a procedure's published content, with the QR code of
  its public page, cached by the published revision.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from procedures.selectors import public_view
from renditions import builders, rendering

CACHE_SECONDS = 24 * 3600


def public_url(code: str) -> str:
    return settings.QMS_SITE_URL.rstrip("/") + reverse("procedures_public:detail", args=[code])


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def public_form_pdf(version) -> bytes:
    """The effective revision ``version`` (caller checked: effective, not confidential,
    listed by the published procedure) stamped as an uncontrolled copy of today.
    Raises builders.SourceChanged when the stored file fails its SHA-256 check."""
    language = _language()
    today = timezone.localdate()
    key = (
        "procedures:form:"
        + hashlib.sha256(
            f"{version.pk}:{version.checksum}:{hashlib.sha256(version.body.encode()).hexdigest()}:"
            f"{builders.LAYOUT_VERSION}:{language}:{today.isoformat()}".encode()
        ).hexdigest()
    )
    pdf = cache.get(key)
    if pdf is None:
        plan = builders.plan_for(version)
        public_plan = builders.Plan(
            version=version,
            source=plan.source,
            header=plan.header,
            # No signatures (staff names) and no revision table (change summaries are internal).
            manifest=rendering.Manifest(position=plan.manifest.position),
            status_url="",
        )
        detail = _("Downloaded from the public catalogue on %(date)s") % {
            "date": rendering.format_date(today)
        }
        pdf = rendering.stamp_watermark(
            builders.build_pdf(public_plan), rendering.uncontrolled_copy_watermark(), detail=detail
        )
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def posting_sheet_html(procedure, content: dict) -> str:
    url = public_url(content["code"])
    return render_to_string(
        "procedures/pdf/posting_sheet.html",
        {
            "p": public_view(content),
            "url": url,
            "qr": rendering.qr_data_uri(url),
            "printed_on": timezone.localdate(),
        },
    )


def posting_sheet_pdf(procedure) -> bytes:
    """The A4 notice of the procedure's *published* content for the counter's board."""
    content = procedure.published_content
    key = (
        f"procedures:sheet:{procedure.pk}:{procedure.published_revision}:{_language()}:{timezone.localdate()}"
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = rendering.render_controlled_pdf(
            html_body=posting_sheet_html(procedure, content),
            header=rendering.ControlledHeader(
                number=content["code"],
                title=content["name"],
                status_label=_("Public notice"),
                printed_on=timezone.localdate(),
            ),
            status_url=public_url(content["code"]),
            trusted=True,  # our own template, every value escaped
        )
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
