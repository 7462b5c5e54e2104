"""Building, caching and stamping the controlled PDF of a version; the access log."""

import hashlib
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone, translation

from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus
from renditions import services
from renditions.models import AccessEvent, Rendition
from tests.documents.factories import UserFactory, advance_version, make_document, make_upload
from tests.renditions.factories import docx_upload, pdf_upload
from tests.renditions.pdftext import page_count, pages_text

pytestmark = pytest.mark.django_db


def register(
    *,
    officer,
    file=None,
    body="",
    title="Quy trình tiếp nhận hồ sơ",
    status=DocumentStatus.EFFECTIVE,
    approver=None,
):
    """A document whose first version carries ``file`` or ``body``, walked to ``status``."""
    document = make_document(officer=officer, title=title, status=DocumentStatus.DRAFT, file_name=None)
    version = document.versions.get()
    document_services.version_update_draft(
        actor=officer, version=version, file=file, body=body or version.body
    )
    return advance_version(version, status, officer=officer, approver=approver)


def prepared(version, language="en"):
    rendition = services.rendition_prepare(version=version, language=language, inline=True)
    assert rendition.is_ready, rendition.error
    return rendition


def read(rendition) -> bytes:
    with rendition.file.open("rb") as handle:
        return handle.read()


def test_uploaded_pdf_keeps_its_pages_under_the_controlled_header():
    # given an effective version whose source is a 3-page PDF
    officer = UserFactory(officer=True, first_name="Hoàng", last_name="Lan")
    approver = UserFactory(approver=True, first_name="Đặng", last_name="Quý")
    version = register(officer=officer, file=pdf_upload(3), approver=approver)
    # when
    pdf = read(prepared(version))
    # then the manifest comes first, then every original page, all numbered of 4
    pages = pages_text(pdf)
    assert len(pages) == 4
    assert "Prepared by" in pages[0] and "Approved by" in pages[0]
    assert "Hoàng Lan" in pages[0] and "Đặng Quý" in pages[0]
    for number in (1, 2, 3):
        text = pages[number]
        assert f"Trang gốc {number}" in text
        assert version.document.number in text
        assert f"Page: {number + 1}/4" in text


def test_docx_is_converted_into_the_controlled_layout():
    officer = UserFactory(officer=True)
    version = register(
        officer=officer,
        file=docx_upload(
            ["Cán bộ một cửa kiểm tra tính đầy đủ của hồ sơ.", "Thời hạn giải quyết: 05 ngày làm việc."]
        ),
    )
    text = " ".join(pages_text(read(prepared(version))))
    for expected in [
        "Mục đích",
        "Cán bộ một cửa kiểm tra tính đầy đủ của hồ sơ.",
        "Bộ phận một cửa",
        "Revision: 01",
    ]:
        assert expected in text


def test_authored_markdown_renders_directly():
    officer = UserFactory(officer=True)
    version = register(officer=officer, body="# Phạm vi\n\nÁp dụng cho **toàn bộ** phòng ban.")
    text = " ".join(pages_text(read(prepared(version))))
    assert "Phạm vi" in text and "Áp dụng cho toàn bộ phòng ban." in text


def test_other_formats_get_a_cover_that_says_where_the_original_is():
    officer = UserFactory(officer=True)
    version = register(officer=officer, file=make_upload("so-do.png"))
    text = " ".join(pages_text(read(prepared(version))))
    assert "so-do.png" in text
    assert f"/versions/{version.pk}/" in text
    assert version.checksum in text


def test_revision_history_lists_every_issued_revision():
    # given revision 02 superseding 01
    officer = UserFactory(officer=True)
    first = register(officer=officer, body="Nội dung 01")
    second = document_services.version_create_draft(
        actor=officer, document=first.document, body="Nội dung 02", change_summary="Bổ sung bước thẩm định"
    )
    second = advance_version(second, DocumentStatus.EFFECTIVE, officer=officer)
    # when
    with translation.override("vi"):
        text = pages_text(read(prepared(second, "vi")))[0]
    # then
    assert "Theo dõi sửa đổi tài liệu" in text
    assert "Ban hành lần đầu" in text and "Bổ sung bước thẩm định" in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text


@pytest.mark.skipif(not apps.is_installed("approvals"), reason="approvals app not installed")
def test_manifest_takes_the_signatures_of_the_approval_route():
    from approvals.models import Signature

    officer = UserFactory(officer=True)
    version = register(officer=officer, body="Nội dung", status=DocumentStatus.IN_REVIEW)
    reviewer, director = UserFactory(approver=True), UserFactory(approver=True)
    for signer, name, role, meaning in [
        (reviewer, "Vũ Thị Xem", "Trưởng phòng", "reviewed"),
        (director, "Ngô Văn Duyệt", "Giám đốc Sở", "approved"),
    ]:
        Signature.objects.create(
            version=version,
            round=1,
            signer=signer,
            signer_name=name,
            signer_role=role,
            meaning=meaning,
            decision="approve",
            content_sha256="0" * 64,
        )
    text = pages_text(read(prepared(version)))[0]
    assert "Reviewed by Vũ Thị Xem Trưởng phòng" in text
    assert "Approved by Ngô Văn Duyệt Giám đốc Sở" in text


def test_rendition_is_cached_and_rebuilt_only_when_stale():
    # given an approved version rendered once
    officer = UserFactory(officer=True)
    version = register(officer=officer, body="Nội dung", status=DocumentStatus.APPROVED)
    first = prepared(version)
    # when asked again, nothing changed
    again = prepared(version)
    # then the cached file is served
    assert (again.pk, again.file.name, again.built_at) == (first.pk, first.file.name, first.built_at)
    # when the version is published (its effective date now prints in the header)
    version = document_services.version_publish(actor=officer, version=version)
    rebuilt = prepared(version)
    # then it is rebuilt, once, and the old file is gone
    assert rebuilt.pk == first.pk and rebuilt.file.name != first.file.name
    assert not first.file.storage.exists(first.file.name)
    assert "Effective date:" in pages_text(read(rebuilt))[0]
    assert Rendition.objects.count() == 1


def test_each_language_has_its_own_rendition():
    officer = UserFactory(officer=True)
    version = register(officer=officer, body="Nội dung")
    english, vietnamese = prepared(version, "en"), prepared(version, "vi")
    assert english.pk != vietnamese.pk
    assert "Mã số:" in pages_text(read(vietnamese))[0]


@pytest.mark.parametrize(
    ("status", "watermark"),
    [
        (DocumentStatus.DRAFT, "DRAFT"),
        (DocumentStatus.IN_REVIEW, "IN REVIEW"),
        (DocumentStatus.SUPERSEDED, "SUPERSEDED"),
        (DocumentStatus.OBSOLETE, "OBSOLETE"),
        (DocumentStatus.EFFECTIVE, "UNCONTROLLED COPY WHEN PRINTED"),
    ],
)
def test_reader_copy_is_stamped_by_status_and_logged(status, watermark):
    # given
    officer = UserFactory(officer=True)
    version = register(officer=officer, body="Nội dung", status=status)
    reader = UserFactory(officer=True, first_name="Bùi", last_name="Thị Đọc")
    rendition = prepared(version)
    # when
    pdf = services.rendition_for_reader(user=reader, rendition=rendition, kind=AccessEvent.Kind.DOWNLOAD)
    # then every page carries the watermark and who printed it
    for text in pages_text(pdf):
        assert watermark in text
        assert "Printed by Bùi Thị Đọc on" in text
    event = AccessEvent.objects.get()
    assert (event.user, event.version, event.kind, event.status_at_access) == (
        reader,
        version,
        AccessEvent.Kind.DOWNLOAD,
        status,
    )
    assert event.document_number == version.document.number and event.revision == "01"


def test_large_rendition_is_built_by_a_task_with_progress(settings, django_capture_on_commit_callbacks):
    # given a source above the in-request limit
    settings.QMS_RENDITION_INLINE_MAX_BYTES = 100
    officer = UserFactory(officer=True)
    version = register(officer=officer, file=pdf_upload(4))
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rendition = services.rendition_prepare(version=version, language="en")
    # then nothing was rendered in the request; the task is queued
    assert not rendition.is_ready and rendition.state == Rendition.State.PENDING and rendition.progress == 0
    assert len(callbacks) == 1
    # when the worker runs it (in-process here: no broker in tests)
    callbacks[0]()
    rendition.refresh_from_db()
    # then
    assert rendition.is_ready and rendition.progress == 100 and rendition.page_count == 5
    # and asking again while fresh returns it without queuing anything
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.rendition_prepare(version=version, language="en").is_ready
    assert callbacks == []


def test_damaged_pdf_fails_with_a_message_not_an_error():
    # given a draft whose stored PDF is damaged yet matches its recorded checksum (as a
    # file stored before uploads were parsed would be)
    officer = UserFactory(officer=True)
    version = register(officer=officer, file=pdf_upload(1), status=DocumentStatus.DRAFT)
    version.refresh_from_db()
    damaged = b"%PDF-1.4\n" + b"\x00garbage" * 200
    Path(version.file.path).write_bytes(damaged)
    DocumentVersion.objects.filter(pk=version.pk).update(checksum=hashlib.sha256(damaged).hexdigest())
    version.refresh_from_db()
    # when / then
    rendition = services.rendition_prepare(version=version, language="en", inline=True)
    assert rendition.state == Rendition.State.FAILED
    assert "could not be turned into a PDF" in rendition.error
    assert AccessEvent.objects.count() == 0


def test_original_download_can_be_logged_by_the_documents_app():
    officer = UserFactory(officer=True)
    version = register(officer=officer, body="x")
    services.access_record(
        user=officer, version=version, kind=AccessEvent.Kind.ORIGINAL, ip_address="10.0.0.5"
    )
    event = AccessEvent.objects.get()
    assert event.kind == "original" and event.ip_address == "10.0.0.5"


def test_deleting_a_draft_keeps_its_access_log():
    officer = UserFactory(officer=True)
    version = register(officer=officer, body="x", status=DocumentStatus.DRAFT)
    services.rendition_for_reader(user=officer, rendition=prepared(version))
    number = version.document.number
    version.delete()
    event = AccessEvent.objects.get()
    assert event.version is None and event.document_number == number
    assert page_count  # helper imported for other tests
