"""The demo's files, made at seed time from ``demo.document_texts``: a PDF through the
project's one rendering service (WeasyPrint, DejaVu Sans), a DOCX with python-docx, or a
scanned-looking PDF (the page drawn to a 200 dpi greyscale image, slightly tilted and
noisy, with no text layer) that only OCR can read.

Nothing is fetched: the fonts are the system's DejaVu (PDF, scans) and Times New Roman
in the DOCX, which LibreOffice and Word replace by a metric twin where it is missing.
"""

import io
import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from html import escape

from demo.document_texts import (
    AGENCY,
    MOTTO,
    NATIONAL,
    PARENT,
    Bullets,
    Doc,
    Field,
    Heading,
    PageBreak,
    Paragraph,
    Signatures,
    Table,
    document_blocks,
)

SCAN_DPI = 200
SCAN_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SCAN_FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
SCAN_PAGE = (round(8.27 * SCAN_DPI), round(11.69 * SCAN_DPI))  # A4
SCAN_TOP = round(0.9 * SCAN_DPI)
SCAN_STEP = round(11.5 * SCAN_DPI / 72 * 1.55)  # line height: 1.55 x the 11.5 pt font
DOTS = "." * 160


FileRequest = tuple[str, str, str, int]  # title, type code, kind, revision
_made: dict[FileRequest, tuple[str, bytes]] = {}


def demo_file(title: str, type_code: str, kind: str, revision: int) -> tuple[str, bytes]:
    """(file name, content) of a demo document's file at ``revision``; ``kind`` is
    "pdf", "docx" or "scan" (a PDF without text layer). Made once per process."""
    request = (title, type_code, kind, revision)
    if request not in _made:
        _made[request] = _make(request)
    return _made[request]


def demo_files_prepare(requests: list[FileRequest]) -> None:
    """Make many files at once, one worker process per core (at most four): a PDF takes
    WeasyPrint about half a second of CPU, and the seed needs a few dozen. The workers
    only lay out text; they never touch the database."""
    todo = [request for request in dict.fromkeys(requests) if request not in _made]
    workers = min(os.cpu_count() or 1, 4, len(todo))
    if workers < 2:
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for request, made in zip(todo, pool.map(_make, todo), strict=True):
            _made[request] = made


def _make(request: FileRequest) -> tuple[str, bytes]:
    title, type_code, kind, revision = request
    doc = document_blocks(title, type_code, revision=revision)
    name = f"{title[:60]} rev{revision:02d}"
    if kind == "docx":
        return f"{name}.docx", docx_file(doc, revision=revision)
    if kind == "scan":
        return f"{name}.pdf", scanned_pdf(doc, revision=revision, seed=title)
    return f"{name}.pdf", pdf_file(doc, revision=revision)


# --- PDF through renditions.rendering ------------------------------------------------

CSS = """
  @page {
    size: A4; margin: 2cm 1.5cm 2cm 3cm;
    @top-left { content: "{agency}"; font-size: 8pt; color: #555; }
    @top-right { content: "{running}"; font-size: 8pt; color: #555; }
    @bottom-right { content: "Trang " counter(page) "/" counter(pages); font-size: 9pt; }
  }
  body { font-family: "Liberation Serif", "DejaVu Serif", serif; font-size: 12.5pt; line-height: 1.35; }
  tr { page-break-inside: avoid; }
  h2 { font-size: 13pt; margin: 12pt 0 4pt; }
  h3 { font-size: 12.5pt; margin: 8pt 0 3pt; font-style: italic; }
  p { margin: 3pt 0; text-align: justify; }
  table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 11.5pt; }
  td, th { border: 0.6pt solid #333; padding: 3pt 4pt; vertical-align: top; text-align: left; }
  th { background: #eee; }
  .centred { text-align: center; }
  .titleblock td, .signatures td { border: none; text-align: center; }
  .kind { font-size: 15pt; font-weight: bold; margin-top: 6pt; }
  .doctitle { font-size: 14pt; font-weight: bold; }
  .field { white-space: nowrap; overflow: hidden; margin: 6pt 0; text-align: left; }
  .signatures td { height: 80pt; }
  .break { page-break-after: always; }
"""


def _html_block(block) -> str:
    if isinstance(block, Heading):
        tag = "h2" if block.level == 1 else "h3"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        text = escape(block.text)
        if block.bold:
            text = f"<strong>{text}</strong>"
        if block.italic:
            text = f"<em>{text}</em>"
        return f'<p class="{"centred" if block.centred else ""}">{text}</p>'
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        total = sum(block.widths) if block.widths else 0
        cols = "".join(f'<col style="width:{100 * w / total:.0f}%">' for w in block.widths) if total else ""
        head = "".join(f"<th>{escape(cell)}</th>" for cell in block.header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(cell) or '&nbsp;'}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return f"<table>{cols}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(block, Field):
        lines = [f"{escape(block.label)}: {DOTS}"] + [DOTS * 2] * (block.lines - 1)
        return "".join(f'<p class="field">{line}</p>' for line in lines)
    if isinstance(block, Signatures):
        cells = "".join(
            f"<td><strong>{escape(title)}</strong><br><em>{escape(hint)}</em><br><br><br><br>{escape(name)}</td>"
            for title, hint, name in block.boxes
        )
        return f'<table class="signatures"><tr>{cells}</tr></table>'
    if isinstance(block, PageBreak):
        return '<div class="break"></div>'
    raise TypeError(block)


def _html_heading(doc: Doc, revision: int) -> str:
    if doc.external:
        return f'<p class="centred"><strong>{NATIONAL}</strong><br><strong><u>{MOTTO}</u></strong></p>'
    if doc.form:
        return (
            f'<p class="centred"><strong>{NATIONAL}</strong><br><strong><u>{MOTTO}</u></strong></p>'
            f'<p class="centred doctitle">{escape(doc.title.upper())}</p>'
        )
    return (
        '<table class="titleblock"><tr>'
        f"<td>{PARENT}<br><strong>{AGENCY}</strong></td>"
        f'<td><div class="kind">{escape(doc.kind_label)}</div>'
        f'<div class="doctitle">{escape(doc.heading)}</div></td>'
        "</tr></table>"
    )


def _css_string(text: str) -> str:
    """``text`` inside a CSS string in a <style> element (raw text: no HTML escaping)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")


def pdf_file(doc: Doc, *, revision: int) -> bytes:
    """The file as its author would export it: the agency's own running header and page
    numbers, no controlled header (the rendition adds that when the version is printed).
    Laid out by WeasyPrint with the rendering service's NFC and its URL fetcher, which
    refuses anything but the project's own files."""
    from weasyprint import HTML

    from renditions.rendering import SafeURLFetcher, nfc

    running = f"{doc.title} – Lần ban hành {revision:02d}" if not doc.external else doc.title
    css = CSS.replace("{agency}", _css_string(AGENCY)).replace("{running}", _css_string(running))
    body = _html_heading(doc, revision) + "".join(_html_block(block) for block in doc.blocks)
    html = f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{css}</style></head><body>{body}</body></html>'
    return HTML(string=nfc(html), url_fetcher=SafeURLFetcher()).write_pdf()


# --- DOCX -----------------------------------------------------------------------------


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)  # noqa: SLF001 - python-docx has no API for fields


def _docx_table(document, block: Table) -> None:
    from docx.shared import Cm

    grid = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    grid.style = "Table Grid"
    for column, text in enumerate(block.header):
        cell = grid.cell(0, column)
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row_index, row in enumerate(block.rows, start=1):
        for column, text in enumerate(row):
            grid.cell(row_index, column).text = text
    if block.widths:
        # Word reads the cells' widths, LibreOffice the grid's: set both.
        grid.autofit = False
        total = sum(block.widths)
        for column, weight in enumerate(block.widths):
            grid.columns[column].width = Cm(16.5 * weight / total)
            for cell in grid.columns[column].cells:
                cell.width = Cm(16.5 * weight / total)


def _docx_heading(document, doc: Doc) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if doc.form or doc.external:
        title = "" if doc.external else doc.title.upper()
        for text, bold in ((NATIONAL, True), (MOTTO, True), ("", False), (title, True)):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(text).bold = bold
        return
    block = document.add_table(rows=1, cols=2)
    block.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = block.rows[0].cells
    left.text = PARENT
    left.add_paragraph().add_run(AGENCY).bold = True
    right.text = ""
    right.paragraphs[0].add_run(doc.kind_label).bold = True
    right.add_paragraph().add_run(doc.heading).bold = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _docx_paragraph(document, item: Paragraph) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    run = paragraph.add_run(item.text)
    run.bold, run.italic = item.bold, item.italic
    if item.centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _docx_bullets(document, item: Bullets) -> None:
    for text in item.items:
        document.add_paragraph(text, style="List Bullet")


def _docx_field(document, item: Field) -> None:
    document.add_paragraph(f"{item.label}: " + "." * max(10, 90 - len(item.label)))
    for _ in range(item.lines - 1):
        document.add_paragraph("." * 100)


def _docx_signatures(document, item: Signatures) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = document.add_table(rows=1, cols=len(item.boxes))
    for cell, (title, hint, name) in zip(grid.rows[0].cells, item.boxes, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
        cell.add_paragraph().add_run(hint).italic = True
        cell.add_paragraph("\n\n")
        cell.add_paragraph(name)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _docx_page_break(document, item: PageBreak) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _docx_heading_block(document, item: Heading) -> None:
    document.add_heading(item.text, level=item.level)


DOCX_BLOCKS = {
    Heading: _docx_heading_block,
    Paragraph: _docx_paragraph,
    Bullets: _docx_bullets,
    Table: _docx_table,
    Field: _docx_field,
    Signatures: _docx_signatures,
    PageBreak: _docx_page_break,
}


def docx_file(doc: Doc, *, revision: int) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].font.name = "Times New Roman"
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    header = section.header.paragraphs[0]
    header.text = f"{AGENCY}\t\t{doc.title[:70]} – Lần ban hành {revision:02d}"
    header.runs[0].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Trang ")
    _field(footer, "PAGE")
    footer.add_run("/")
    _field(footer, "NUMPAGES")
    _docx_heading(document, doc)
    for item in doc.blocks:
        DOCX_BLOCKS[type(item)](document, item)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Scanned-looking PDF -------------------------------------------------------------


@lru_cache(maxsize=4)
def _font(path: str, points: float):
    from PIL import ImageFont

    return ImageFont.truetype(path, round(points * SCAN_DPI / 72))


def _wrap(text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


class _Typist:
    """Lays text out in lines as a typist would: pages of (text, bold, centred)."""

    WIDTH = round(6.3 * SCAN_DPI)
    LINES = (SCAN_PAGE[1] - 2 * SCAN_TOP) // SCAN_STEP

    def __init__(self):
        self.regular, self.bold = _font(SCAN_FONT, 11.5), _font(SCAN_FONT_BOLD, 11.5)
        self.pages: list[list[tuple[str, bool, bool]]] = [[]]

    def line(self, text="", strong=False, centred=False):
        if len(self.pages[-1]) >= self.LINES:
            self.pages.append([])
        if text or self.pages[-1]:  # no blank line at the top of a page
            self.pages[-1].append((text, strong, centred))

    def add(self, text, *, strong=False, centred=False, indent=""):
        width = self.WIDTH - (40 if indent else 0)
        for line in _wrap(text, self.bold if strong else self.regular, width):
            self.line(indent + line, strong, centred)
            indent = "  " if indent else ""

    def blank(self, count=1):
        for _ in range(count):
            self.line()

    def block(self, block):
        if isinstance(block, Heading):
            self.blank()
            self.add(block.text, strong=True)
        elif isinstance(block, Paragraph):
            self.add(block.text, strong=block.bold, centred=block.centred)
        elif isinstance(block, Bullets):
            for item in block.items:
                self.add(f"- {item}", indent=" ")
        elif isinstance(block, Table):
            self.add(" – ".join(block.header), strong=True)
            for row in block.rows:
                self.add(" – ".join(cell for cell in row if cell), indent=" ")
        elif isinstance(block, Field):
            self.add(f"{block.label}: ..............................")
        elif isinstance(block, Signatures):
            self.blank()
            self.add("     ".join(box[0] for box in block.boxes), strong=True, centred=True)
            self.blank(3)
            self.add("     ".join(box[2] for box in block.boxes), centred=True)
        # A page break of the typed original is not kept: the typist fills each page.


def _scan_lines(doc: Doc, revision: int) -> list[list[tuple[str, bool, bool]]]:
    typist = _Typist()
    if doc.form or doc.external:
        typist.add(NATIONAL, strong=True, centred=True)
        typist.add(MOTTO, strong=True, centred=True)
        if doc.form:
            typist.add(doc.title.upper(), strong=True, centred=True)
    else:
        typist.add(f"{PARENT} – {AGENCY}", strong=True, centred=True)
        typist.add(doc.kind_label, strong=True, centred=True)
        typist.add(doc.heading.upper(), strong=True, centred=True)
        typist.add(f"Lần ban hành: {revision:02d}", centred=True)
    typist.blank()
    for block in doc.blocks:
        typist.block(block)
    return [page for page in typist.pages if page]


def scanned_pdf(doc: Doc, *, revision: int, seed: str) -> bytes:
    """Each page drawn at 200 dpi on greyish paper, tilted by a fraction of a degree and
    speckled, saved as JPEG pages: a PDF with no text layer, as a copier makes it."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)  # the same file for the same document on every run
    regular, bold = _font(SCAN_FONT, 11.5), _font(SCAN_FONT_BOLD, 11.5)
    page_w, page_h = SCAN_PAGE
    left = round(1.1 * SCAN_DPI)
    images = []
    for lines in _scan_lines(doc, revision):
        page = Image.new("L", (page_w, page_h), 244)
        draw = ImageDraw.Draw(page)
        for number, (text, strong, centred) in enumerate(lines):
            font = bold if strong else regular
            x = (page_w - font.getlength(text)) / 2 if centred else left
            draw.text((x, SCAN_TOP + number * SCAN_STEP), text, font=font, fill=rng.randint(20, 45))
        for _ in range(900):  # dust and toner specks
            x, y = rng.randrange(page_w), rng.randrange(page_h)
            draw.point((x, y), fill=rng.randint(120, 200))
        page = page.filter(ImageFilter.GaussianBlur(0.6))
        page = page.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, fillcolor=236, expand=False)
        images.append(page)
    out = io.BytesIO()
    images[0].save(
        out, format="PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:], quality=80
    )
    return out.getvalue()
