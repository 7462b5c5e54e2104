"""Uploads must parse as what they claim to be (PDF, DOCX, XLSX, ODT) and must not
unzip to more than the expansion limit; refusals are messages, and nothing is saved."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from documents import services
from documents.models import Document, DocumentVersion
from qms.uploads import check_upload
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    file_bytes,
    make_upload,
)

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Quy trình</w:t></w:r></w:p></w:body></w:document>"
)


def zip_of(members: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def bomb_docx(expanded_bytes: int) -> bytes:
    """A well-formed DOCX plus one member of zeros: tiny on disk, huge unzipped."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(expanded_bytes // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def register_kwargs(officer):
    return {
        "actor": officer,
        "doc_type": DocumentTypeFactory(),
        "department": DepartmentFactory(),
        "title": "T",
    }


def refusal(upload) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check_upload(upload)
    return error.value


def test_zip_bomb_docx_is_refused_at_upload_with_a_message_and_nothing_saved(settings, client):
    # given an 8 MB expansion limit and a DOCX of a few kilobytes that unzips to 16 MB
    settings.QMS_UPLOAD_MAX_EXPANDED_BYTES = 8 * 1024 * 1024
    data = bomb_docx(16 * 1024 * 1024)
    assert len(data) < 64 * 1024
    officer = UserFactory(officer=True)
    # when it is registered through the service
    with pytest.raises(ValidationError) as error:
        services.document_register(**register_kwargs(officer), file=make_upload("bom.docx", data))
    # then it is refused, saying why, and nothing is stored
    assert error.value.error_list[0].code == "expands_too_much"
    message = error.value.messages[0]
    assert "unzips to 16.0 MB, more than the 8.0 MB" in message
    assert Document.objects.count() == 0 and DocumentVersion.objects.count() == 0
    # when through the register form
    client.login(username=officer.username, password=PASSWORD)
    response = client.post(
        reverse("documents:register"),
        {
            "doc_type": DocumentTypeFactory().pk,
            "department": DepartmentFactory().pk,
            "title": "X",
            "confidentiality": "internal",
            "file": make_upload("bom.docx", data),
        },
    )
    # then the form shows the message
    assert response.status_code == 200
    assert "unzips to 16.0 MB" in response.content.decode()
    assert Document.objects.count() == 0


def test_zip_bomb_docx_is_a_400_in_the_api(settings):
    settings.QMS_UPLOAD_MAX_EXPANDED_BYTES = 4 * 1024 * 1024
    api = APIClient()
    api.force_login(UserFactory(officer=True))
    response = api.post(
        "/api/v1/documents/",
        {
            "doc_type": DocumentTypeFactory().pk,
            "department": DepartmentFactory().pk,
            "title": "T",
            "file": make_upload("bom.docx", bomb_docx(8 * 1024 * 1024)),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "unzips to 8.0 MB" in response.json()["file"][0]
    assert not Document.objects.exists()


def test_pdf_header_followed_by_garbage_is_refused():
    # given a file that starts like a PDF but is not one
    upload = make_upload("hong.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 200)
    # when / then
    error = refusal(upload)
    assert error.error_list[0].code == "damaged"
    assert "damaged or incomplete" in error.messages[0]


def test_pdf_without_pages_is_refused():
    empty = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    empty += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    empty += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    assert refusal(make_upload("trong.pdf", empty)).error_list[0].code == "damaged"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hong.docx", b"PK\x03\x04" + b"garbage" * 100),
        ("cut.docx", file_bytes("a.docx")[:-200]),  # central directory cut off
        ("hong.xlsx", b"PK\x03\x04" + b"\x00" * 300),
        ("hong.odt", b"PK\x03\x04 truncated"),
    ],
)
def test_broken_zip_named_as_an_office_file_is_refused(name, data):
    error = refusal(make_upload(name, data))
    assert error.error_list[0].code == "damaged"
    assert "damaged or incomplete" in error.messages[0]


def test_zip_without_the_members_of_its_format_is_refused():
    # given a zip that detection takes for a DOCX, but whose [Content_Types].xml is missing
    missing = zip_of({"word/document.xml": DOCUMENT_XML})
    # and one whose document part is not XML
    not_xml = zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"\x00\x01binary"})
    # and one whose document part is corrupt inside the zip (bad CRC)
    good = zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT_XML * 50})
    position = good.index(b"word/document.xml") + len("word/document.xml") + 20
    corrupt = good[:position] + bytes([good[position] ^ 0xFF]) + good[position + 1 :]
    for data in (missing, not_xml, corrupt):
        assert refusal(make_upload("x.docx", data)).error_list[0].code == "damaged"


def test_content_types_with_an_entity_declaration_is_refused():
    laughs = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>'
    data = zip_of({"[Content_Types].xml": laughs, "word/document.xml": DOCUMENT_XML})
    assert refusal(make_upload("x.docx", data)).error_list[0].code == "damaged"


def test_real_office_files_and_pdfs_are_accepted():
    # given files as the office programs write them
    docx = file_bytes("a.docx")
    xlsx = zip_of(
        {
            "[Content_Types].xml": CONTENT_TYPES.replace("word/document", "xl/workbook"),
            "_rels/.rels": "<Relationships/>",
            "xl/workbook.xml": "<workbook><sheets/></workbook>",
        }
    )
    odt_out = io.BytesIO()
    with zipfile.ZipFile(odt_out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    # when / then
    assert check_upload(make_upload("a.docx", docx)).kind == "docx"
    assert check_upload(make_upload("a.xlsx", xlsx)).kind == "xlsx"
    assert check_upload(make_upload("a.odt", odt_out.getvalue())).kind == "odt"
    assert check_upload(make_upload("a.pdf")).kind == "pdf"


def test_bad_office_file_attached_to_a_draft_changes_nothing(settings):
    # given a draft written as text
    settings.QMS_UPLOAD_MAX_EXPANDED_BYTES = 2 * 1024 * 1024
    officer = UserFactory(officer=True)
    version = services.document_register(**register_kwargs(officer), body="Nội dung").versions.get()
    # when a bomb is attached to it
    with pytest.raises(ValidationError):
        services.version_update_draft(
            actor=officer, version=version, file=make_upload("v2.docx", bomb_docx(4 * 1024 * 1024))
        )
    # then the draft keeps no file
    version.refresh_from_db()
    assert not version.file and version.checksum == "" and version.body == "Nội dung"
