"""Real files for the import tests: DOCX (python-docx), PDF (WeasyPrint via samples),
XLSX master lists (openpyxl), ZIPs with hand-made hostile members."""

import io
import zipfile

from openpyxl import Workbook

from documents.samples import sample_docx, sample_pdf

HEADER = [
    "Number",
    "Title",
    "Type",
    "Department",
    "Owner",
    "Revision",
    "Effective date",
    "Review period",
    "Issuer",
    "Reference",
    "File name(s)",
]


def docx(text="Quy trình kiểm soát tài liệu") -> bytes:
    return sample_docx(text)


def pdf(text="Biểu mẫu") -> bytes:
    return sample_pdf(text)


def write_xlsx(path, rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_zip(path, members):
    """members: list of (name or ZipInfo, bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def raw_name_info(raw: bytes) -> zipfile.ZipInfo:
    """A member whose name is stored as these bytes without the UTF-8 flag (old Windows zippers)."""
    info = zipfile.ZipInfo(raw.decode("cp437"))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def zip_bytes(path) -> io.BytesIO:
    return io.BytesIO(path.read_bytes())


def plan_of(batch) -> list[dict]:
    """The batch's planned rows (their dicts) in the order the import applies them."""
    return [row.data for row in batch.rows.order_by("position")]
