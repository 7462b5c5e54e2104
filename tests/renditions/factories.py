"""Documents with real PDF and DOCX sources, for rendition tests."""

import io

import docx
from weasyprint import HTML

from tests.documents.factories import make_upload


def pdf_pages(count: int, *, label: str = "Trang gốc") -> bytes:
    """A real multi-page PDF (as if scanned or exported elsewhere): "<label> N" on page N."""
    html = "".join(
        f'<p style="break-after: page; font-family: DejaVu Sans">{label} {n}</p>' for n in range(1, count + 1)
    )
    return HTML(string=html).write_pdf()


def pdf_upload(count: int = 3, name: str = "quy-trinh.pdf", **kwargs):
    return make_upload(name, content=pdf_pages(count, **kwargs))


def docx_bytes(paragraphs: list[str], *, heading: str = "Mục đích") -> bytes:
    document = docx.Document()
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Bước"
    table.cell(0, 1).text = "Trách nhiệm"
    table.cell(1, 0).text = "Tiếp nhận hồ sơ"
    table.cell(1, 1).text = "Bộ phận một cửa"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_upload(paragraphs: list[str], name: str = "huong-dan.docx"):
    return make_upload(name, content=docx_bytes(paragraphs))
