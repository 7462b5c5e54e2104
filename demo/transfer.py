"""The demo's sample for the Import page: a ZIP of an agency's existing ISO files and its
master list, written next to the media folder (``<MEDIA_ROOT>/../demo-import/``), so a
newcomer can try the dry run and the import with files that look like the real thing:

- ``bo-tai-lieu-iso.zip``: two procedures (one with two revisions), a form, an old Word
  document saved as RTF (kept as the original, converted by LibreOffice after the import)
  and a file the master list does not name;
- ``danh-muc-tai-lieu.xlsx``: the master list, Vietnamese headings, one row with an
  unknown department (an error line in the report) and one date written day first.

Numbers start at 50 so they never meet the demo's own documents. Idempotent: the files
are written again, identical apart from the DOCX/PDF timestamps.
"""

import zipfile
from pathlib import Path

from django.conf import settings
from openpyxl import Workbook

from demo.document_files import pdf_file
from demo.document_texts import Doc, Field, Signatures, Table
from documents.samples import sample_docx

HEADER = [
    "Số hiệu",
    "Tên tài liệu",
    "Loại",
    "Phòng ban",
    "Lần ban hành",
    "Ngày hiệu lực",
    "Chu kỳ xem xét",
    "Tên tệp",
]
ROWS = [
    ("QT-VP-50", "Quy trình lưu trữ hồ sơ", "QT", "VP", 1, "2022-03-01", 12, "QT-VP-50/QT-VP-50_lan01.docx"),
    ("QT-VP-50", "Quy trình lưu trữ hồ sơ", "QT", "VP", 2, "15/01/2024", 12, "QT-VP-50/QT-VP-50_lan02.docx"),
    ("BM-VP-50", "Phiếu đề nghị mượn hồ sơ", "BM", "VP", 1, "2023-06-01", 24, "Bieu mau/BM-VP-50.pdf"),
    ("HD-TCCB-50", "Hướng dẫn tiếp nhận công chức", "HD", "TCCB", 1, "2019-09-09", 24, "HD-TCCB-50.rtf"),
    (
        "QT-PKT-51",
        "Quy trình khảo thí (phòng đã giải thể)",
        "QT",
        "PKT",
        1,
        "2018-01-01",
        12,
        "QT-PKT-51.docx",
    ),
]
RTF = (
    r"{\rtf1\ansi\ansicpg1258\deff0{\fonttbl{\f0 Times New Roman;}}"
    r"\f0\fs26 H\u432?\u7899?ng d\u7851?n ti\u7871?p nh\u7853?n c\u244?ng ch\u7913?c\par"
    r"B\u7843?n c\u361? so\u7841?n b\u7857?ng Word 2003.\par}"
).encode("ascii")


def _loan_form() -> bytes:
    """The form as an agency would have saved it (Vietnamese glyphs: the demo's PDF maker)."""
    blocks = (
        Field("Họ và tên người mượn"),
        Field("Đơn vị công tác"),
        Field("Lý do mượn", lines=2),
        Table(("STT", "Tên hồ sơ", "Số tờ", "Ngày trả dự kiến"), (("1", "", "", ""), ("2", "", "", ""))),
        Signatures((("Người mượn", "(Ký, ghi rõ họ tên)", ""), ("Người duyệt", "(Ký, ghi rõ họ tên)", ""))),
    )
    return pdf_file(Doc("Phiếu đề nghị mượn hồ sơ", blocks, kind_label="BIỂU MẪU", form=True), revision=1)


def sample_folder() -> Path:
    return Path(settings.MEDIA_ROOT).resolve().parent / "demo-import"


def load() -> str:
    folder = sample_folder()
    folder.mkdir(parents=True, exist_ok=True)
    archive_path = folder / "bo-tai-lieu-iso.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ROWS[0][7], sample_docx("Quy trình lưu trữ hồ sơ — lần ban hành 01"))
        archive.writestr(ROWS[1][7], sample_docx("Quy trình lưu trữ hồ sơ — lần ban hành 02"))
        archive.writestr(ROWS[2][7], _loan_form())
        archive.writestr(ROWS[3][7], RTF)
        archive.writestr(ROWS[4][7], sample_docx("Quy trình khảo thí"))
        archive.writestr("Ghi chu/doc-truoc-khi-nhap.docx", sample_docx("Ghi chú: không thuộc danh mục"))
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh mục"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(list(row))
    book.save(folder / "danh-muc-tai-lieu.xlsx")
    return f"Import sample: {archive_path} and {folder / 'danh-muc-tai-lieu.xlsx'} (Import page)."
