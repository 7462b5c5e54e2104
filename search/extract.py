"""Text out of a stored file, page by page.

DOCX (python-docx; pages split at explicit page breaks), PDF text layer (pypdf, one entry
per page), XLSX (openpyxl, one entry per sheet), ODT (its content.xml), Markdown/HTML/text;
scanned PDFs and images through Tesseract OCR with the Vietnamese and English models.

OCR: the Debian ``tesseract`` binary is called directly (vie+eng) on pages rendered at
300 dpi with pypdfium2 (already a dependency of renditions). Chosen over ocrmypdf, which
rewrites the PDF (we keep the original file untouched and only want its text) and pulls
in Ghostscript/unpaper, and over pytesseract, which is only a subprocess wrapper too.
"""

import io
import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

from search.text import nfc

OCR_DPI = 300
OCR_LANGUAGES = "vie+eng"
OCR_TIMEOUT = 180
# A PDF page with fewer letters than this in its text layer is treated as a scan.
MIN_TEXT_CHARS = 3
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}


class ExtractionError(Exception):
    """The file could not be read; the message is shown to officers on the version page."""


@dataclass
class Extracted:
    method: str  # "text", "ocr" or "body"
    pages: list[str]


def ocr_image(image) -> str:
    """OCR one PIL image with Tesseract (vie+eng)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "page.png")
        image.save(path, dpi=(OCR_DPI, OCR_DPI))
        try:
            done = subprocess.run(
                ["tesseract", path, "stdout", "-l", OCR_LANGUAGES, "--dpi", str(OCR_DPI)],
                capture_output=True,
                timeout=OCR_TIMEOUT,
                check=False,
            )
        except FileNotFoundError as error:
            raise ExtractionError(
                "Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
            ) from error
        except subprocess.TimeoutExpired as error:
            raise ExtractionError(f"OCR took longer than {OCR_TIMEOUT} s") from error
    if done.returncode != 0:
        raise ExtractionError("OCR failed: " + done.stderr.decode("utf-8", "replace").strip()[-300:])
    return done.stdout.decode("utf-8", "replace")


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ExtractionError(f"Unreadable PDF: {error}") from error
    scanned = [i for i, text in enumerate(texts) if len(re.sub(r"\W", "", text)) < MIN_TEXT_CHARS]
    if not scanned:
        return Extracted("text", texts)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        for index in scanned:
            image = pdf[index].render(scale=OCR_DPI / 72).to_pil()
            texts[index] = ocr_image(image)
    finally:
        pdf.close()
    return Extracted("ocr" if len(scanned) * 2 >= len(texts) else "text", texts)


def _docx(data: bytes) -> Extracted:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise ExtractionError(f"Unreadable DOCX: {error}") from error
    pages: list[list[str]] = [[]]
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = "".join(node.text or "" for node in block.iter(qn("w:t")))
            pages[-1].append(text)
            breaks = [br for br in block.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
            if breaks:
                pages.append([])
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                pages[-1].append(" | ".join(cells))
    result = ["\n".join(lines).strip() for lines in pages]
    while len(result) > 1 and not result[-1]:
        result.pop()
    return Extracted("text", result)


def _xlsx(data: bytes) -> Extracted:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise ExtractionError(f"Unreadable XLSX: {error}") from error
    pages = []
    for sheet in book.worksheets:
        lines = [sheet.title]
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if value is not None]
            if cells:
                lines.append(" | ".join(cells))
        pages.append("\n".join(lines))
    book.close()
    return Extracted("text", pages or [""])


def _odt(data: bytes) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            root = ElementTree.fromstring(package.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise ExtractionError(f"Unreadable ODT: {error}") from error
    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    lines = ["".join(node.itertext()) for node in root.iter() if node.tag in (f"{ns}p", f"{ns}h")]
    return Extracted("text", ["\n".join(lines)])


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "td", "th"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    return "".join(parser.parts)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", "replace")


def _image(data: bytes) -> Extracted:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frames.append(ocr_image(image.convert("RGB")))
    except (UnidentifiedImageError, OSError) as error:
        raise ExtractionError(f"Unreadable image: {error}") from error
    return Extracted("ocr", frames)


def extract_bytes(data: bytes, filename: str) -> Extracted:
    """Pages of text of a file, by its extension; NFC. Raises ExtractionError."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension == ".pdf" or data[:5] == b"%PDF-":
        result = _pdf(data)
    elif extension == ".docx":
        result = _docx(data)
    elif extension in (".xlsx", ".xlsm"):
        result = _xlsx(data)
    elif extension == ".odt":
        result = _odt(data)
    elif extension in (".html", ".htm"):
        result = Extracted("text", [html_text(_decode(data))])
    elif extension in (".md", ".markdown", ".txt", ".csv"):
        result = Extracted("text", [_decode(data)])
    elif extension in IMAGE_EXTENSIONS:
        result = _image(data)
    else:
        raise ExtractionError(f"No text extractor for {extension or 'files without an extension'}")
    return Extracted(result.method, [nfc(page).strip() for page in result.pages])


def extract_body(body: str) -> Extracted:
    """The authored text of a version (Markdown, possibly with HTML)."""
    return Extracted("body", [nfc(html_text(body)).strip()])
