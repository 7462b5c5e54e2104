"""THE rendering service: every PDF the QMS prints goes through this module.

Other apps (audit reports, nonconformity reports, printed master lists) call it;
nothing else in the project talks to WeasyPrint or pypdf directly.

Public interface (keyword-only; all text may contain Vietnamese, it is NFC-normalised)::

    from renditions.rendering import (
        ControlledHeader, Signatory, RevisionRow, Manifest,
        render_controlled_pdf, stamp_uploaded_pdf, stamp_watermark,
        markdown_to_html, sanitise_html, docx_to_html,
        watermark_for_status, uncontrolled_copy_watermark, controlled_copy_watermark,
    )

    pdf: bytes = render_controlled_pdf(
        html_body="<h1>…</h1><p>…</p>",          # sanitised with nh3 unless trusted=True
        header=ControlledHeader(number="ĐG-2026-01", title="Báo cáo đánh giá nội bộ",
                                revision="01", effective_date=date(2026, 1, 5)),
        watermark=None,                          # e.g. watermark_for_status("draft")
        landscape=False,
        manifest=Manifest(signatures=[Signatory(meaning=_("Approved by"), name="…",
                                                role="…", signed_at=dt)],
                          revisions=[RevisionRow(revision="01", change_summary="…",
                                                 effective_date=d)],
                          position="start"),     # or "end"; None prints no manifest page
        status_url=None,                         # prints a QR code + this short URL
        trusted=False,                           # True: html_body is our own template output
    )

- Every page carries the header block (organisation name and logo from settings
  ``QMS_ORGANISATION_NAME`` / ``QMS_ORGANISATION_LOGO`` (a path under the static
  files, default ``renditions/logo.svg``), number, title, revision, effective date,
  "page X of Y") and a footer. Empty header fields are left out, so a report with
  only a title and number prints cleanly.
- Labels and watermarks are translated in the active language: wrap the call in
  ``translation.override(lang)`` to choose it.
- Fonts: the CSS names "DejaVu Sans" (Debian package fonts-dejavu-core), which covers
  every Vietnamese letter. No font or image is fetched from the network:
  ``SafeURLFetcher`` refuses every URL except ``data:`` and files under the project's
  own static directories.
- ``stamp_uploaded_pdf(pdf_bytes, header=..., manifest=..., watermark=..., status_url=...)``
  keeps the pages of an uploaded PDF (shrunk slightly to leave room) and draws the
  header, footer and watermark over them; manifest pages are added.
- ``stamp_watermark(pdf_bytes, watermark)`` is the cheap per-download stamp (one small
  overlay merged onto every page) for cached renditions.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ControlledHeader:
    number: str = ""
    title: str = ""
    revision: str = ""
    effective_date: datetime.date | None = None
    status_label: str = ""  # e.g. "Effective"; printed small next to the revision
    organisation: str | None = None  # None: settings.QMS_ORGANISATION_NAME
    printed_on: datetime.date | None = None  # reports and lists: the date printed in the header


@dataclass(frozen=True)
class Signatory:
    meaning: str  # "Prepared by" / "Reviewed by" / "Approved by" (translated)
    name: str
    role: str = ""
    signed_at: datetime.datetime | datetime.date | None = None
    comment: str = ""


@dataclass(frozen=True)
class RevisionRow:
    revision: str
    change_summary: str
    effective_date: datetime.date | None = None
    pages: str = ""


@dataclass(frozen=True)
class Manifest:
    signatures: Sequence[Signatory] = field(default_factory=tuple)
    revisions: Sequence[RevisionRow] = field(default_factory=tuple)
    position: str = "start"  # "start" or "end" of the rendition
    original_note: str = ""  # e.g. where the original of a non-renderable file is kept


def render_controlled_pdf(
    *,
    html_body: str,
    header: ControlledHeader,
    watermark: str | None = None,
    landscape: bool = False,
    manifest: Manifest | None = None,
    status_url: str | None = None,
    trusted: bool = False,
) -> bytes:
    raise NotImplementedError  # implemented in the next commit
