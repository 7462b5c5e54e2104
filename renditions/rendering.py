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
import io
import logging
import mimetypes
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import mammoth
import markdown
import nh3
import segno
from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from renditions import pdf_overlay

STATIC_DIR = Path(__file__).resolve().parent / "static" / "renditions"
DEFAULT_LOGO = "renditions/logo.svg"
FONT_FAMILY = "DejaVu Sans"  # Debian fonts-dejavu-core; see README "PDF renditions"
DATE_FORMAT = "d/m/Y"
# Band kept free for our header and footer when an uploaded page is shrunk (points).
UPLOADED_TOP_BAND = 36 * 72 / 25.4
UPLOADED_BOTTOM_BAND = 24 * 72 / 25.4

Progress = Callable[[int], None]

# WeasyPrint logs every layout step at INFO; keep its warnings (refused URLs) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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


# --- Watermarks (translated in the active language) -------------------------------

STATUS_WATERMARKS = {
    "draft": gettext_lazy("DRAFT"),
    "in_review": gettext_lazy("IN REVIEW"),
    "approved": gettext_lazy("APPROVED – NOT YET EFFECTIVE"),
    "superseded": gettext_lazy("SUPERSEDED"),
    "obsolete": gettext_lazy("OBSOLETE"),
}


def watermark_for_status(status: str) -> str | None:
    """The watermark a version in ``status`` always carries; None for an effective one."""
    text = STATUS_WATERMARKS.get(status)
    return str(text) if text is not None else None


def uncontrolled_copy_watermark() -> str:
    return _("UNCONTROLLED COPY WHEN PRINTED")


def controlled_copy_watermark(number: int) -> str:
    return _("CONTROLLED COPY No. %(number)s") % {"number": number}


def format_date(value) -> str:
    """dd/mm/yyyy (the Vietnamese administrative form), local time for datetimes."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return dateformat.format(value, "d/m/Y H:i")
    return dateformat.format(value, DATE_FORMAT)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


# --- Sources ----------------------------------------------------------------------

ALLOWED_ATTRIBUTES = {
    "*": {"class", "colspan", "rowspan", "align", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
}


def sanitise_html(html: str) -> str:
    """Authored or converted HTML reduced to harmless markup (nh3): no scripts, styles,
    event handlers or foreign elements. Image sources may be data: URIs only in effect,
    since the fetcher refuses everything else."""
    tags = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "caption", "u", "s", "sub", "sup"}
    attributes = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag, attrs in ALLOWED_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(attrs)
    return nh3.clean(
        nfc(html),
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
    )


def markdown_to_html(text: str) -> str:
    """Markdown (raw HTML allowed inside) to sanitised HTML."""
    html = markdown.markdown(nfc(text), extensions=["tables", "fenced_code", "sane_lists"])
    return sanitise_html(html)


def docx_to_html(data: bytes) -> str:
    """A Word document as sanitised HTML (mammoth; images inlined as data: URIs)."""
    result = mammoth.convert_to_html(io.BytesIO(data))
    return sanitise_html(result.value)


# --- The URL fetcher ----------------------------------------------------------------


class URLRefused(ValueError):
    """A resource outside what a rendition may read (network, or a file not ours)."""


def allowed_static_roots() -> list[Path]:
    """The project's own static directories: STATICFILES_DIRS and the static folder of
    each project app (apps installed from packages are not ours)."""
    base = Path(settings.BASE_DIR).resolve()
    venv_markers = {".venv", "site-packages", "dist-packages"}
    # An entry is a path or a (prefix, path) pair; a pair pointing into an installed
    # package (the xstatic Bootstrap directory) is for web pages, never for PDFs.
    roots = [
        path
        for path in (
            Path(d[1] if isinstance(d, tuple | list) else d).resolve() for d in settings.STATICFILES_DIRS
        )
        if not venv_markers & set(path.parts)
    ]
    for config in apps.get_app_configs():
        path = (Path(config.path) / "static").resolve()
        if path.is_dir() and path.is_relative_to(base) and not venv_markers & set(path.parts):
            roots.append(path)
    return roots


class SafeURLFetcher(URLFetcher):
    """Reads data: URIs and files under the project's static directories; refuses
    every other URL (http, ftp, file elsewhere, file://host) without opening it.

    WeasyPrint logs the refusal and renders on without the resource. ``refused`` lists
    the URLs turned away and ``served`` the files read (tests and logs read them). No redirects are ever followed,
    since nothing network-bound is opened at all.
    """

    def __init__(self, *, roots: Sequence[Path] | None = None):
        super().__init__(timeout=1, allowed_protocols={"data", "file"}, allow_redirects=False)
        self.roots = [Path(r).resolve() for r in (roots if roots is not None else allowed_static_roots())]
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                self.served.append(url)
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
        self.refused.append(url)
        raise URLRefused(f"Rendition may not read {url}")

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None


def _base_url() -> str:
    return STATIC_DIR.as_uri() + "/"


def _static_uri(relative: str) -> str | None:
    for root in allowed_static_roots():
        candidate = (root / relative).resolve()
        if candidate.is_file() and candidate.is_relative_to(root):
            return candidate.as_uri()
    return None


@lru_cache(maxsize=512)
def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG data: URI, made locally with segno; made once per
    address (a version's status URL does not change between its builds). For web pages."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


@lru_cache(maxsize=512)
def qr_png_data_uri(url: str) -> str:
    """The same QR code as a PNG data: URI, for PDFs: WeasyPrint draws an SVG image with
    its own SVG renderer, ~30 ms for this one on each pass that shows it (the manifest and
    the page furniture: a fifth of a 20-page render's cost over plain WeasyPrint); a PNG
    is embedded as it is. 4 pixels a module, drawn without smoothing (pdf.css:
    image-rendering), so the modules stay square at any size."""
    return segno.make(url, error="m").png_data_uri(scale=4, border=1)


# --- Rendering ------------------------------------------------------------------------


def _context(*, header, watermark, landscape, manifest, status_url, html_body, page_sizes=(), page_rules=""):
    """``page_sizes``: (width, height) as CSS lengths of the pages the document lays its
    furniture out on, at its end (see ``_furnish``)."""
    furniture_pages = [
        {"name": f"furniture{index}", "width": width, "height": height}
        for index, (width, height) in enumerate(page_sizes)
    ]
    page_rules += "".join(
        f"@page {page['name']} {{ size: {page['width']} {page['height']}; margin: 0; }}"
        for page in furniture_pages
    )
    organisation = nfc(header.organisation or settings.QMS_ORGANISATION_NAME)
    logo = getattr(settings, "QMS_ORGANISATION_LOGO", DEFAULT_LOGO)
    signatures = [
        {
            "meaning": nfc(str(s.meaning)),
            "name": nfc(s.name),
            "role": nfc(str(s.role)),
            "date": format_date(s.signed_at),
            "comment": nfc(s.comment),
        }
        for s in (manifest.signatures if manifest else ())
    ]
    revisions = [
        {
            "revision": nfc(r.revision),
            "change_summary": nfc(r.change_summary),
            "pages": nfc(r.pages),
            "date": format_date(r.effective_date),
        }
        for r in (manifest.revisions if manifest else ())
    ]
    if manifest is not None:
        manifest = Manifest(
            signatures=manifest.signatures,
            revisions=manifest.revisions,
            position=manifest.position,
            original_note=nfc(manifest.original_note),
        )
    return {
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "header": ControlledHeader(
            number=nfc(header.number),
            title=nfc(header.title),
            revision=nfc(header.revision),
            effective_date=header.effective_date,
            status_label=nfc(str(header.status_label)),
            organisation=organisation,
            printed_on=header.printed_on,
        ),
        "organisation": organisation,
        "logo_url": _static_uri(logo) if logo else None,
        "effective_date": format_date(header.effective_date),
        "printed_on": format_date(header.printed_on),
        "watermark": nfc(watermark) if watermark else "",
        "landscape": landscape,
        "manifest": manifest,
        "signatures": signatures,
        "revisions": revisions,
        "status_url": status_url or "",
        "qr_data_uri": qr_png_data_uri(status_url) if status_url else "",
        "html_body": mark_safe(html_body),  # noqa: S308 - sanitised by the caller's choice of trusted
        "page_rules": mark_safe(page_rules),  # noqa: S308 - built here from numbers only
        "furniture_pages": furniture_pages,
        "page_digits": pdf_overlay.PAGE_DIGITS,
    }


_thread_fonts = threading.local()


def _font_config() -> FontConfiguration:
    """WeasyPrint's font configuration, made once per thread (fontconfig is asked for the
    fonts once, not for every PDF; Pango's font map is not shared between threads)."""
    config = getattr(_thread_fonts, "config", None)
    if config is None:
        config = _thread_fonts.config = FontConfiguration()
    return config


def _controlled_stylesheet() -> CSS:
    """renditions/pdf.css, parsed once per thread (bound to the thread's font
    configuration) instead of on every pass: a controlled PDF takes two passes (body,
    then the page furniture). Our own file, read directly, not through a fetcher."""
    sheet = getattr(_thread_fonts, "stylesheet", None)
    if sheet is None:
        sheet = _thread_fonts.stylesheet = CSS(
            filename=str(STATIC_DIR / "pdf.css"), font_config=_font_config()
        )
    return sheet


def _write_pdf(html: str, *, fetcher: SafeURLFetcher | None = None, controlled: bool = False) -> bytes:
    """``controlled``: laid out with the controlled layout's stylesheet (pdf.css)."""
    fetcher = fetcher or SafeURLFetcher()
    return HTML(string=nfc(html), base_url=_base_url(), url_fetcher=fetcher).write_pdf(
        font_config=_font_config(), stylesheets=[_controlled_stylesheet()] if controlled else None
    )


def render_controlled_pdf(
    *,
    html_body: str,
    header: ControlledHeader,
    watermark: str | None = None,
    landscape: bool = False,
    manifest: Manifest | None = None,
    status_url: str | None = None,
    trusted: bool = False,
    fetcher: SafeURLFetcher | None = None,
) -> bytes:
    """Render ``html_body`` in the controlled layout; returns the PDF bytes.

    ``trusted=False`` (the default) sanitises the body with nh3; pass True only for
    HTML produced by our own templates from escaped values.
    """
    fetcher = fetcher or SafeURLFetcher()
    body = html_body if trusted else sanitise_html(html_body)
    context = _context(
        header=header,
        watermark=watermark,
        landscape=landscape,
        manifest=manifest,
        status_url=status_url,
        html_body=body,
        page_sizes=[A4[::-1] if landscape else A4],
    )
    pdf = _write_pdf(render_to_string(CONTROLLED_TEMPLATE, context), fetcher=fetcher, controlled=True)
    # the furniture is drawn over the pages as an incremental update: the body's own
    # objects (text, fonts) are not parsed and written again, only the pages that change
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    _furnish(writer, context, fetcher=fetcher, laid_out=len(context["furniture_pages"]))
    return _written(writer)


CONTROLLED_TEMPLATE = "renditions/pdf/controlled.html"
A4 = ("210mm", "297mm")  # pdf.css: the body's and the manifest's pages
A4_KEY = (595, 842)  # A4 in whole points, as _size_key gives it


def _pdf_writer(pdf: bytes) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.width), float(box.height)


# --- Page furniture: header, footer and watermark laid out once, drawn on every page ----
#
# WeasyPrint would lay out the header and footer tables again on every page (about 35 ms a
# page: a third of a whole render). Instead the body is laid out with the margins left
# empty, and the furniture once per page size, with placeholder digits where "X/Y" goes;
# renditions.pdf_overlay draws it over every page and writes each page's own "X/Y".
# The furniture is laid out in the same WeasyPrint document as the body, on one page per
# expected page size at its end, taken out afterwards: a second document would cost
# WeasyPrint's fixed cost of a document again (style cascade, font subsets, PDF write),
# and would embed the fonts a second time.


def _furniture(context: dict, width: float, height: float, fetcher):
    """The furniture laid out alone on one page of ``width`` x ``height`` points, for a
    page size the document did not lay it out for: (page, reader)."""
    html = render_to_string(
        CONTROLLED_TEMPLATE,
        {
            **context,
            "furniture": True,
            "landscape": False,
            "page_rules": mark_safe(f"@page {{ size: {width}pt {height}pt; margin: 0; }}"),  # noqa: S308
        },
    )
    reader = PdfReader(io.BytesIO(_write_pdf(html, fetcher=fetcher, controlled=True)))
    return reader.pages[0], reader


def _size_key(page) -> tuple[int, int]:
    width, height = _page_size(page)
    return round(width), round(height)


def _furnish(writer: PdfWriter, context: dict, *, fetcher, laid_out: int = 0) -> None:
    """Header, footer (and watermark, if any) on every page of ``writer``, with "X/Y".
    Its last ``laid_out`` pages are the furniture laid out by the document itself (one
    per page size): they are drawn from and then taken out."""
    pages = list(writer.pages)
    body, furniture = pages[: len(pages) - laid_out], pages[len(pages) - laid_out :]
    total = len(body)
    prefix = pdf_overlay.prefix_for(writer)
    wrap = pdf_overlay.page_wrap(writer)
    made: dict[tuple[int, int], tuple] = {}

    def overlay(source, reader) -> tuple:
        operations, slot = pdf_overlay.take_page_number_slot(pdf_overlay.page_operations(source, reader))
        added, renames = pdf_overlay.overlay_add(
            writer,
            page=source,
            content=pdf_overlay.operations_content(operations, reader),
            prefix=f"{prefix}{len(made)}-",
        )
        return added, pdf_overlay.PageNumberSlot(**{**slot, "font": renames[slot["font"]]})

    for source in furniture:
        key = _size_key(source)
        if key not in made:
            made[key] = overlay(source, writer)
    for number, page in enumerate(body, start=1):
        key = _size_key(page)
        if key not in made:
            made[key] = overlay(*_furniture(context, *_page_size(page), fetcher))
        added, slot = made[key]
        pdf_overlay.draw_over(
            writer, page, wrap=wrap, overlay=added, extra=slot.operators(f"{number}/{total}")
        )
    for index in range(len(pages) - 1, len(body) - 1, -1):  # the furniture pages, from the last
        writer.remove_page(index)


def stamp_uploaded_pdf(
    pdf: bytes,
    *,
    header: ControlledHeader,
    manifest: Manifest | None = None,
    watermark: str | None = None,
    status_url: str | None = None,
    progress: Progress | None = None,
    fetcher: SafeURLFetcher | None = None,
) -> bytes:
    """Keep the pages of an uploaded PDF, shrunk into the body area, under our header,
    footer and watermark; add the manifest pages. "Page X of Y" counts them all.

    One WeasyPrint pass lays out the manifest plus one empty placeholder page per
    original page (same size), then each original is merged under its placeholder and
    the page furniture drawn over every page. Raises pypdf's PdfReadError on a damaged file.
    """
    report = progress or (lambda percent: None)
    fetcher = fetcher or SafeURLFetcher()
    source = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    originals = list(source.pages)
    for page in originals:
        if page.rotation:
            page.transfer_rotation_to_content()
    placeholders, page_rules, sizes = _placeholders(originals)
    report(10)
    context = _context(
        header=header,
        watermark=watermark,
        landscape=False,
        manifest=manifest,
        status_url=status_url,
        html_body=placeholders,
        # the originals' sizes, and A4 for the manifest unless an original is A4 already
        page_sizes=[
            *((f"{w}pt", f"{h}pt") for w, h in sizes),
            *([A4] if manifest is not None and A4_KEY not in sizes else []),
        ],
        page_rules=page_rules,
    )
    writer = _pdf_writer(
        _write_pdf(render_to_string(CONTROLLED_TEMPLATE, context), fetcher=fetcher, controlled=True)
    )
    report(50)
    laid_out = len(context["furniture_pages"])
    extra = len(writer.pages) - laid_out - len(originals)
    first_original = extra if manifest is not None and manifest.position != "end" else 0
    _merge_under(writer, originals, first=first_original, report=report)
    _furnish(writer, context, fetcher=fetcher, laid_out=laid_out)
    pdf = _written(writer)
    report(100)
    return pdf


def _placeholders(originals) -> tuple[str, str, list[tuple[int, int]]]:
    """One empty page per original page, of its size: the HTML body, its @page rules and
    the distinct sizes (``_size_key``)."""
    sizes: dict[tuple[int, int], str] = {}
    placeholders = []
    for page in originals:
        name = sizes.setdefault(_size_key(page), f"original{len(sizes)}")
        placeholders.append(f'<div class="original-page" style="page: {name}"></div>')
    page_rules = "".join(f"@page {name} {{ size: {w}pt {h}pt; }}" for (w, h), name in sizes.items())
    return "".join(placeholders), page_rules, list(sizes)


def _merge_under(writer, originals, *, first: int, report: Progress) -> None:
    """Each original page, shrunk into the body area, under its placeholder from ``first``
    on: the header, footer and watermark stay on top."""
    for position, original in enumerate(originals):
        width, height = _page_size(original)
        scale = max(0.5, (height - UPLOADED_TOP_BAND - UPLOADED_BOTTOM_BAND) / height)
        shift_x = (width - width * scale) / 2
        page = writer.pages[first + position]
        page.merge_transformed_page(
            original, Transformation().scale(scale).translate(shift_x, UPLOADED_BOTTOM_BAND), over=False
        )
        page.compress_content_streams()
        if position % 10 == 0:
            report(50 + int(45 * position / len(originals)))


def stamp_watermark(pdf: bytes, watermark: str, *, detail: str = "") -> bytes:
    """Draw ``watermark`` across every page and ``detail`` (e.g. who downloaded it, when)
    along the top edge. The per-download stamp, so it is cheap: the overlay is laid out
    once per distinct page size, drawn over the pages (renditions.pdf_overlay), and written
    as an incremental update of ``pdf``: the pages' own content is neither decoded nor
    compressed again."""
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    prefix = pdf_overlay.prefix_for(writer)
    wrap = pdf_overlay.page_wrap(writer)
    overlays: dict[tuple[int, int], pdf_overlay.Overlay] = {}
    for page in writer.pages:
        key = _size_key(page)
        if key not in overlays:
            source = _watermark_overlay(*_page_size(page), watermark, detail)
            overlays[key] = pdf_overlay.overlay_add(
                writer,
                page=source,
                content=pdf_overlay.page_content(source),
                prefix=f"{prefix}{len(overlays)}-",
            )[0]
        pdf_overlay.draw_over(writer, page, wrap=wrap, overlay=overlays[key])
    return _written(writer)


def _watermark_overlay(width: float, height: float, watermark: str, detail: str):
    html = render_to_string(
        "renditions/pdf/watermark.html",
        {
            "page_rule": mark_safe(f"@page {{ size: {width}pt {height}pt; margin: 0; }}"),  # noqa: S308
            "watermark": nfc(watermark),
            "detail": nfc(detail),
        },
    )
    # the overlay reads no file or image: a fetcher with no roots (and no look-up of them)
    return PdfReader(io.BytesIO(_write_pdf(html, fetcher=SafeURLFetcher(roots=())))).pages[0]
