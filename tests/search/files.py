"""Real files made in the tests: multi-page PDF (WeasyPrint, DejaVu), DOCX with page
breaks, XLSX, ODT, HTML, Markdown, and scans (text drawn on an image at 300 dpi)."""

import io
import zipfile
from html import escape

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def pdf_pages(pages: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f'<section style="page-break-after: always">{"".join(f"<p>{escape(p)}</p>" for p in page.split(chr(10)))}</section>'
        for page in pages
    )
    html = f'<html><head><meta charset="utf-8"><style>body{{font-family:"DejaVu Sans"}}</style></head><body>{body}</body></html>'
    return HTML(string=html).write_pdf()


def docx_pages(pages: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for index, page in enumerate(pages):
        for line in page.split("\n"):
            document.add_paragraph(line)
        if index == 0 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
        if index < len(pages) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_sheets(sheets: dict[str, list[list[str]]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def odt_text(paragraphs: list[str]) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text>"
        + "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
        + "</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        package.writestr("content.xml", content)
    return out.getvalue()


def scan_image(lines: list[str], *, dpi: int = 300):
    """A clean A4-width 'scan': black text on white, 12 pt at ``dpi``."""
    from PIL import Image, ImageDraw, ImageFont

    size = round(12 * dpi / 72)
    font = ImageFont.truetype(FONT, size)
    width = round(8.27 * dpi)
    height = round(size * 1.8 * (len(lines) + 2))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((round(0.8 * dpi), round(size * (1 + 1.8 * index))), line, font=font, fill=0)
    return image


def scan_pdf(pages: list[list[str]], *, dpi: int = 300) -> bytes:
    images = [scan_image(lines, dpi=dpi).convert("RGB") for lines in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def scan_png(lines: list[str], *, dpi: int = 300) -> bytes:
    out = io.BytesIO()
    scan_image(lines, dpi=dpi).save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()
