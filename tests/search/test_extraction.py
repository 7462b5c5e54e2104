"""Extraction per format from real files made here, OCR of a generated Vietnamese scan,
failures recorded on the version (panel, retry), the upload hook and extract_text."""

import difflib
import io
import unicodedata

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from documents.models import DocumentVersion
from search.extract import extract_bytes
from search.models import VersionPage, VersionText
from search.services import version_text_extract
from tests.documents.factories import PASSWORD, UserFactory, make_document
from tests.search import files

PAGE_1 = "Quy trình cấp bản sao văn bằng, chứng chỉ"
PAGE_2 = "Phòng Đào tạo tiếp nhận hồ sơ và trả kết quả"


@pytest.mark.parametrize(
    "name, make, expected",
    [
        ("a.pdf", lambda: files.pdf_pages([PAGE_1, PAGE_2]), [PAGE_1, PAGE_2]),
        (
            "b.docx",
            lambda: files.docx_pages([PAGE_1, PAGE_2], table=[["Bước", "Trách nhiệm"]]),
            [PAGE_1, PAGE_2],
        ),
        (
            "c.xlsx",
            lambda: files.xlsx_sheets({"Biểu mẫu": [["Họ tên", PAGE_1]], "Sổ": [[PAGE_2]]}),
            [PAGE_1, PAGE_2],
        ),
        ("d.odt", lambda: files.odt_text([PAGE_1, PAGE_2]), [f"{PAGE_1}\n{PAGE_2}"]),
        ("e.html", lambda: f"<h1>{PAGE_1}</h1><script>bad()</script><p>{PAGE_2}</p>".encode(), None),
        ("f.md", lambda: f"# {PAGE_1}\n\n{PAGE_2}".encode(), None),
    ],
)
def test_each_format_gives_its_text_page_by_page_in_nfc(name, make, expected):
    result = extract_bytes(make(), name)
    text = "\n".join(result.pages)
    assert PAGE_1 in text and PAGE_2 in text
    assert "bad()" not in text
    assert all(unicodedata.is_normalized("NFC", page) for page in result.pages)
    if expected is not None:
        assert len(result.pages) == len(expected)
        for page, words in zip(result.pages, expected, strict=True):
            assert words.split("\n")[-1] in page
    if name == "b.docx":
        assert "Bước | Trách nhiệm" in result.pages[0]


def _accuracy(expected: str, found: str) -> float:
    def norm(text):
        return " ".join(unicodedata.normalize("NFC", text).split())

    return difflib.SequenceMatcher(None, norm(expected), norm(found)).ratio()


SCAN_LINES = [
    "Quy trình cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    "Phòng Đào tạo tiếp nhận hồ sơ, kiểm tra và trình ký",
    "Thời hạn giải quyết: không quá ba ngày làm việc.",
    "Hồ sơ lưu: đơn đề nghị, sổ theo dõi, bản sao đã cấp.",
]


def test_ocr_reads_a_clean_300_dpi_vietnamese_scan():
    result = extract_bytes(files.scan_png(SCAN_LINES), "scan.png")
    accuracy = _accuracy("\n".join(SCAN_LINES), result.pages[0])
    print(f"OCR character accuracy (300 dpi, vie+eng): {accuracy:.1%}")
    assert result.method == "ocr"
    assert accuracy >= 0.95


@pytest.mark.django_db
def test_a_scanned_pdf_is_read_by_ocr_and_kept_per_page():
    document = make_document(status="draft")
    version = document.versions.get()
    version.file.save("scan.pdf", io.BytesIO(files.scan_pdf([SCAN_LINES[:2], SCAN_LINES[2:]])), save=False)
    version.original_filename = "scan.pdf"
    version.save(update_fields=["file", "original_filename"])
    state = version_text_extract(version_id=version.pk)
    assert (state.status, state.method, state.page_count) == ("done", "ocr", 2)
    pages = list(VersionPage.objects.filter(version=version).order_by("number"))
    assert [page.number for page in pages] == [1, 2]
    assert "cap ban sao" in pages[0].folded and "thoi han" in pages[1].folded


@pytest.mark.django_db
def test_a_broken_file_is_recorded_shown_to_officers_and_retried(client, django_capture_on_commit_callbacks):
    officer = UserFactory(officer=True)
    staff = UserFactory(staff=True)
    document = make_document(officer=officer, status="draft")
    version = document.versions.get()
    readable = make_document(officer=officer, status="effective", title="Đọc được").versions.get()
    # a stored file that went bad (the upload check would refuse it): set without save()
    name = default_storage.save("broken/hong.pdf", io.BytesIO(b"%PDF-1.4 this is not a PDF"))
    DocumentVersion.objects.filter(pk=version.pk).update(file=name, original_filename="hong.pdf")
    state = version_text_extract(version_id=version.pk)
    assert state.status == "failed" and state.error
    assert not VersionPage.objects.filter(version=version).exists()

    client.login(username=officer.username, password=PASSWORD)
    page = client.get(f"/versions/{version.pk}/").content.decode()
    assert "Text for search" in page and state.error[:20] in page
    client.login(username=staff.username, password=PASSWORD)
    assert "Text for search" not in client.get(f"/versions/{readable.pk}/").content.decode()
    assert client.post(f"/search/versions/{readable.pk}/retry/").status_code == 404
    assert client.post(f"/search/versions/{version.pk}/retry/").status_code == 404

    client.login(username=officer.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/search/versions/{version.pk}/retry/")
    assert response.status_code == 302
    assert VersionText.objects.get(version=version).status == "failed"  # the same broken file


@pytest.mark.django_db
def test_an_upload_is_extracted_after_commit_and_extract_text_is_idempotent(
    django_capture_on_commit_callbacks,
):
    officer = UserFactory(officer=True)
    from documents import services
    from tests.documents.factories import DepartmentFactory, DocumentTypeFactory

    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_register(
            actor=officer,
            doc_type=DocumentTypeFactory(),
            department=DepartmentFactory(code="VP", name="Văn phòng"),
            title="Hướng dẫn",
            file=SimpleUploadedFile("hd.docx", files.docx_pages([PAGE_1, PAGE_2])),
        )
    version = document.versions.get()
    assert VersionText.objects.get(version=version).status == "done"
    assert VersionPage.objects.filter(version=version).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.version_update_draft(
            actor=officer,
            version=version,
            file=SimpleUploadedFile("hd.docx", files.docx_pages(["Nội dung mới"])),
        )
    assert list(VersionPage.objects.filter(version=version).values_list("text", flat=True)) == [
        "Nội dung mới"
    ]

    out = io.StringIO()
    call_command("extract_text", stdout=out)
    assert "0 versions to extract" in out.getvalue()
    call_command("extract_text", "--force", stdout=out)
    assert "1/1 done: 1" in out.getvalue()
    assert VersionPage.objects.filter(version=version).count() == 1
