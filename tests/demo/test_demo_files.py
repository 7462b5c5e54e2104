"""The demo's files read back as the Vietnamese they were written in: every file the seed
uploads, extracted with the search app's extractor (OCR for the scans), has no "?" in
place of a letter and no U+FFFD; procedures have the agencies' six sections on 2-6 pages;
the demo's search finds a procedure by words of its body typed without diacritics."""

import re

import pytest

from demo import documents as demo_documents
from demo import procedures as demo_procedures
from demo.document_files import demo_file
from demo.document_texts import PROCEDURES
from documents.workflow import DocumentStatus
from search.extract import extract_bytes
from search.text import fold

SECTIONS = [
    "1. Mục đích",
    "2. Phạm vi",
    "3. Tài liệu viện dẫn",
    "4. Thuật ngữ và chữ viết tắt",
    "5. Nội dung",
    "6. Hồ sơ lưu",
]
# A "?" or U+FFFD touching a letter: a glyph the font or the text layer lost.
LOST_LETTER = re.compile(r"\w[?\ufffd]|[?\ufffd]\w|\ufffd")


def _seeded_files():
    """(title, kind, revision) of the last file seed_demo uploads for each document."""
    for title, _type, _dept, status, revisions, kind, _extra in demo_documents.DOCUMENTS:
        yield title, _type, kind, revisions + (status == DocumentStatus.SUPERSEDED)
    for title, _dept in demo_procedures.FORMS:
        yield title, "BM", "docx", 1


@pytest.fixture(scope="module")
def extracted():
    found = {}
    for title, type_code, kind, revision in _seeded_files():
        name, content = demo_file(title, type_code, kind, revision)
        found[title] = (kind, content, extract_bytes(content, name))
    return found


def test_every_demo_file_reads_back_without_a_lost_letter(extracted):
    # when every file is read back the way the search app reads uploads
    lost = {
        title: LOST_LETTER.findall(" ".join(result.pages))
        for title, (_kind, _content, result) in extracted.items()
        if LOST_LETTER.search(" ".join(result.pages))
    }
    empty = [title for title, (_k, _c, result) in extracted.items() if not "".join(result.pages).strip()]
    # then
    assert not lost
    assert not empty
    assert len(extracted) == len(demo_documents.DOCUMENTS) + len(demo_procedures.FORMS)


def test_procedures_have_the_six_sections_a_steps_table_and_their_own_text(extracted):
    bodies = {}
    for title in PROCEDURES:
        kind, _content, result = extracted[title]
        text = "\n".join(result.pages)
        # OCR may drop a diacritic in bold headings ("2. Pham vi"): scans compare folded
        same = fold if kind == "scan" else str.lower
        # the six sections in order
        positions = [same(text).find(same(section)) for section in SECTIONS]
        assert -1 not in positions and positions == sorted(positions), (title, positions)
        assert same(title.removeprefix("Quy trình ")) in " ".join(same(text).split())
        if kind != "scan":
            assert 2 <= len(result.pages) <= 6, (title, len(result.pages))
            assert "Trách nhiệm" in text and "Thời gian" in text and "Biểu mẫu" in text
        bodies[title] = text[text.find("1. Mục đích") :]
    # each procedure says its own thing: no body is another's with the title changed
    assert len(set(bodies.values())) == len(PROCEDURES)
    copy = extracted["Quy trình cấp bản sao văn bằng, chứng chỉ từ sổ gốc"][2].pages
    assert "đối chiếu sổ gốc" in " ".join(copy) and "Nghị định số 23/2015/NĐ-CP" in " ".join(copy)


def test_forms_have_dotted_lines_to_write_on_and_tables(extracted):
    _kind, _content, form = extracted["Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc"]
    text = "\n".join(form.pages)
    assert re.search(r"Họ và tên người đề nghị: \.{20,}", text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    _kind, _content, register = extracted["Sổ theo dõi giải quyết hồ sơ"]
    assert "Mã hồ sơ | Tên tổ chức, cá nhân | Ngày nhận | Hẹn trả" in "\n".join(register.pages)


def test_scans_have_no_text_layer_and_ocr_reads_their_vietnamese(extracted):
    from io import BytesIO

    from pypdf import PdfReader

    scans = {title: item for title, item in extracted.items() if item[0] == "scan"}
    expected = {
        "Luật Giáo dục": "hệ thống giáo dục quốc dân",
        "Nghị định về công tác văn thư": "công tác văn thư",
        "Quy trình quản lý tài sản công": "tài sản công",
    }
    assert set(scans) == set(expected)
    for title, (_kind, content, result) in scans.items():
        assert all(not (page.extract_text() or "").strip() for page in PdfReader(BytesIO(content)).pages)
        assert result.method == "ocr"
        assert expected[title] in " ".join(" ".join(result.pages).split()).lower(), title


@pytest.mark.django_db
def test_the_demo_search_finds_a_procedure_by_its_body_text_typed_without_diacritics(
    client, django_capture_on_commit_callbacks
):
    # given the demo's procedure for copies of diplomas and its guide for the one-stop
    # desk, loaded as the seed loads them, their text extracted after each upload (on commit)
    departments = demo_documents._departments()  # noqa: SLF001 - the demo's own loaders
    types = demo_documents._types()  # noqa: SLF001
    users = demo_documents._users(departments)  # noqa: SLF001
    demo_documents._route_templates(types, users)  # noqa: SLF001
    wanted = (
        "Quy trình cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        "Hướng dẫn tiếp nhận hồ sơ tại bộ phận một cửa",
    )
    with django_capture_on_commit_callbacks(execute=True):
        for index, fields in enumerate(demo_documents.DOCUMENTS):
            if fields[0] in wanted:
                row = demo_documents.Row(*fields)
                demo_documents._document(index, row, types=types, departments=departments, users=users)  # noqa: SLF001
    client.login(username="staff", password=demo_documents.DEMO_PASSWORD)

    def hits(query):
        return client.get("/search/", {"q": query}).content.decode()

    # then words of the title and words only in the body find the procedure, and only it
    assert wanted[0] in hits("cap ban sao")
    # a phrase only in step B2: "Tìm sổ gốc theo năm tốt nghiệp, hội đồng thi"
    body_only = hits('"hoi dong thi"')
    assert wanted[0] in body_only and "tốt nghiệp" in body_only  # the snippet from the body
    assert wanted[1] not in body_only
    assert wanted[1] in hits('"lay so thu tu"')  # the guide's first step: "lấy số thứ tự"
    assert wanted[0] not in hits('"lay so thu tu"')
