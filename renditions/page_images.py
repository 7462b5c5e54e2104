"""Pages of a version as images, so a signer reads what they sign on the sign page itself
(no PDF viewer needed, on a phone too). Drawn server-side with PDFium (pypdfium2) from
the version's controlled PDF, or, while that is still being built, from the uploaded
file when it is a PDF. Only bytes that pass their SHA-256 check are drawn.

The caller has fetched the version through ``documents.selectors`` (who may see it).
Drawn pages are cached (Django's cache) by the SHA-256 of the source, the watermark and
the page, so reading the page again costs no drawing.
"""

import hashlib
import io
import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from documents.models import DocumentVersion
from documents.workflow import TransitionError
from qms.uploads import stored_file_check
from renditions import rendering, services
from renditions.models import Rendition

PDF = "application/pdf"
PAGE_WIDTH_PX = 1000  # sharp on a phone (2x) and a desktop column alike
CACHE_SECONDS = 3600
# PDFium is not thread-safe: one drawing at a time per process.
_PDFIUM = threading.Lock()


class NoPreview(TransitionError):
    """The version has no drawable PDF yet (being prepared, or failed)."""


@dataclass
class Preview:
    """What can be shown of a version: its page count and where the pages come from."""

    page_count: int
    source: str  # "rendition" (the controlled PDF) or "original" (the uploaded PDF)
    rendition: Rendition | None  # to follow its preparation when there is no page yet


def _source_pdf(version: DocumentVersion) -> tuple[bytes, str, Rendition]:
    """(PDF bytes, their origin, the rendition) or NoPreview. The controlled PDF first;
    while it is prepared in a worker, an uploaded PDF whose checksum still matches."""
    rendition = services.rendition_prepare(version=version)
    if rendition.is_ready:
        try:
            return services.rendition_read_verified(rendition=rendition), "rendition", rendition
        except services.RenditionNotReady:
            pass
    if (
        version.file
        and version.content_type == PDF
        and stored_file_check(version.file, version.checksum) is None
    ):
        with version.file.open("rb") as handle:
            return handle.read(), "original", rendition
    raise NoPreview(rendition.error or _("The PDF of this version is still being prepared."))


def _key(digest: str, watermark: str, page: int | str) -> str:
    mark = hashlib.sha256(watermark.encode()).hexdigest()[:12]
    return f"renditions:page:{digest}:{mark}:{PAGE_WIDTH_PX}:{page}"


def version_preview(*, version: DocumentVersion) -> Preview:
    """The page count of what the sign page shows, or a Preview without pages (count 0)
    while the PDF is prepared."""
    try:
        pdf, source, rendition = _source_pdf(version)
    except NoPreview:
        rendition = Rendition.objects.filter(version=version).order_by("-pk").first()
        return Preview(page_count=0, source="", rendition=rendition)
    digest = hashlib.sha256(pdf).hexdigest()
    count = cache.get(_key(digest, "", "count"))
    if count is None:
        with _PDFIUM:
            import pypdfium2

            document = pypdfium2.PdfDocument(pdf)
            try:
                count = len(document)
            finally:
                document.close()
        cache.set(_key(digest, "", "count"), count, CACHE_SECONDS)
    return Preview(page_count=count, source=source, rendition=rendition)


def version_page_png(*, version: DocumentVersion, page: int) -> bytes:
    """Page ``page`` (1-based) of the version as a PNG, with the watermark of its status
    (DRAFT, IN REVIEW...). Raises NoPreview, or IndexError for a page it does not have."""
    pdf, _source, _rendition = _source_pdf(version)
    digest = hashlib.sha256(pdf).hexdigest()
    watermark = rendering.watermark_for_status(version.status) or ""
    key = _key(digest, watermark, page)
    png = cache.get(key)
    if png is not None:
        return png
    png = _draw(rendering.stamp_watermark(pdf, watermark) if watermark else pdf, page)
    cache.set(key, png, CACHE_SECONDS)
    return png


def _draw(pdf: bytes, page: int) -> bytes:
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            if not 1 <= page <= len(document):
                raise IndexError(page)
            pdf_page = document[page - 1]
            try:
                scale = PAGE_WIDTH_PX / pdf_page.get_width()
                bitmap = pdf_page.render(scale=scale)
                image = bitmap.to_pil()
            finally:
                pdf_page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
