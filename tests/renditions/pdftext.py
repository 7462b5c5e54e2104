"""Reading produced PDFs back the way a reader (or a search tool) would: text per page."""

import io
import unicodedata

from pdfminer.high_level import extract_text
from pypdf import PdfReader


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pages_text(pdf: bytes) -> list[str]:
    """NFC text of each page (pdfminer), whitespace collapsed."""
    # pdfminer ends each page with a form feed.
    pages = extract_text(io.BytesIO(pdf)).split("\f")[: page_count(pdf)]
    return [" ".join(unicodedata.normalize("NFC", text).split()) for text in pages]


def all_text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def font_names(pdf: bytes) -> set[str]:
    """BaseFont names of every font the PDF uses (subset prefixes removed)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            name = str(font.get_object().get("/BaseFont", ""))
            names.add(name.split("+", 1)[-1].lstrip("/"))
    return names


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]
