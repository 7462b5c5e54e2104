"""Which PDFs are built in the request and which in a worker: judged by what the source
expands to, so a small file that unzips to megabytes never ties up a web worker; and a
build lost with its worker is marked failed in minutes, with a way to try again."""

import datetime
import io
import time
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from qms.uploads import check_upload
from renditions import builders, services
from renditions.models import Rendition
from renditions.tasks import renditions_expire_stuck_task
from tests.documents.factories import UserFactory, make_upload
from tests.renditions.factories import docx_upload
from tests.renditions.test_services import register

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def dense_docx(paragraphs: int) -> bytes:
    """A DOCX of ``paragraphs`` short paragraphs: a few kilobytes stored, megabytes of XML."""
    paragraph = '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>Cán bộ một cửa tiếp nhận hồ sơ.</w:t></w:r></w:p>'
    body = paragraph * paragraphs
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def test_small_docx_that_unzips_to_megabytes_goes_to_the_worker(django_capture_on_commit_callbacks):
    # given a DOCX of 13,000 paragraphs: small on disk, accepted at upload
    data = dense_docx(13_000)
    assert len(data) < 20 * 1024
    upload = make_upload("dai.docx", data)
    assert check_upload(upload).kind == "docx"
    upload.seek(0)
    officer = UserFactory(officer=True)
    version = register(officer=officer, file=upload)
    size = builders.source_size(version)
    assert size.stored < 20 * 1024 and size.text_bytes > 1024 * 1024
    # when a reader asks for its PDF
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rendition = services.rendition_prepare(version=version, language="en")
    elapsed = time.monotonic() - started
    # then nothing was laid out in the request: a worker task is queued
    assert rendition.state == Rendition.State.PENDING and rendition.progress == 0
    assert len(callbacks) == 1
    assert elapsed < 5, f"the request took {elapsed:.1f}s"


def test_docx_with_many_paragraphs_under_the_text_limit_still_goes_to_the_worker(
    settings, django_capture_on_commit_callbacks
):
    # given a DOCX whose XML is within the text limit but holds more elements than the inline limit
    settings.QMS_RENDITION_INLINE_MAX_ELEMENTS = 200
    version = register(officer=UserFactory(officer=True), file=docx_upload(["Dòng."] * 300))
    assert builders.source_size(version).text_bytes < settings.QMS_RENDITION_INLINE_MAX_TEXT_BYTES
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rendition = services.rendition_prepare(version=version, language="en")
    # then
    assert not rendition.is_ready and len(callbacks) == 1


def test_short_docx_is_still_built_in_the_request():
    version = register(officer=UserFactory(officer=True), file=docx_upload(["Một đoạn.", "Hai đoạn."]))
    assert not builders.is_large(version)
    assert services.rendition_prepare(version=version, language="en").is_ready


@pytest.mark.parametrize(
    "body",
    [
        "\n".join(["- mục"] * 3000),  # 17 KB, but 3,000 list items
        "**đậm** " * 2000,  # one line, 2,000 bold spans
        "| a | b | c |\n|---|---|---|\n" + "| ô | ô | ô |\n" * 800,  # 2,400 table cells
        "Đoạn văn dài. " * 12_000,  # 170 KB of text
    ],
    ids=["list-items", "spans", "table", "long-text"],
)
def test_authored_text_heavy_to_lay_out_goes_to_the_worker(body, django_capture_on_commit_callbacks):
    version = register(officer=UserFactory(officer=True), body=body)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rendition = services.rendition_prepare(version=version, language="en")
    assert not rendition.is_ready and rendition.state == Rendition.State.PENDING
    assert len(callbacks) == 1


def test_stuck_build_is_marked_failed_when_looked_at_and_try_again_builds_it(
    client, settings, django_capture_on_commit_callbacks
):
    # given a PDF whose worker started building it and was then killed (no update since)
    settings.QMS_RENDITION_INLINE_MAX_TEXT_BYTES = 1
    version = register(officer=UserFactory(officer=True), body="Nội dung")
    with django_capture_on_commit_callbacks(execute=False):
        rendition = services.rendition_prepare(version=version, language="en")
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.QMS_RENDITION_STUCK_AFTER_SECONDS + 5)
    Rendition.objects.filter(pk=rendition.pk).update(state=Rendition.State.BUILDING, started_at=long_ago)
    client.force_login(UserFactory(staff=True))
    progress_url = reverse("renditions:progress", args=[rendition.pk])
    # when the reader's progress page refreshes
    page = client.get(progress_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then it shows the failure and a "Try again" button, and stops refreshing itself
    rendition.refresh_from_db()
    assert rendition.state == Rendition.State.FAILED and rendition.failure == "stuck"
    assert "did not finish in time" in page and "Try again" in page
    assert 'http-equiv="refresh"' not in page
    # and asking for the PDF again does not start another build by itself
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(reverse("renditions:version_pdf", args=[version.pk]))
    assert response.status_code == 302 and callbacks == []
    # when the reader presses "Try again" (the worker is back)
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(reverse("renditions:retry", args=[rendition.pk]))
    # then the PDF is built and the progress page sends the reader to it
    assert retried.status_code == 302 and retried["Location"] == progress_url
    rendition.refresh_from_db()
    assert rendition.is_ready and rendition.failure == ""
    assert (
        client.get(reverse("renditions:version_pdf", args=[version.pk]))["Content-Type"] == "application/pdf"
    )


def test_sweep_marks_only_builds_older_than_the_limit_failed(settings, django_capture_on_commit_callbacks):
    settings.QMS_RENDITION_INLINE_MAX_TEXT_BYTES = 1
    officer = UserFactory(officer=True)
    stuck_version = register(officer=officer, body="Một")
    busy_version = register(officer=officer, body="Hai")
    with django_capture_on_commit_callbacks(execute=False):
        stuck = services.rendition_prepare(version=stuck_version, language="vi")
        busy = services.rendition_prepare(version=busy_version, language="vi")
    limit = datetime.timedelta(seconds=settings.QMS_RENDITION_STUCK_AFTER_SECONDS)
    Rendition.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - limit - datetime.timedelta(minutes=1)
    )
    Rendition.objects.filter(pk=busy.pk).update(
        state=Rendition.State.BUILDING, started_at=timezone.now() - limit + datetime.timedelta(minutes=1)
    )
    # when beat runs the stuck-build sweep
    assert renditions_expire_stuck_task.delay().get() == 1
    # then only the old one failed, with the message in its language
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.state == Rendition.State.FAILED and "Thử lại" in stuck.error
    assert busy.state == Rendition.State.BUILDING


def test_api_build_tries_a_failed_build_again():
    from rest_framework.test import APIClient

    version = register(officer=UserFactory(officer=True), body="Nội dung")
    with translation.override("en"):
        fingerprint = builders.plan_for(version).fingerprint("en")
    rendition = Rendition.objects.create(
        version=version, language="en", fingerprint=fingerprint, state=Rendition.State.FAILED, failure="stuck"
    )
    assert not services.rendition_prepare(version=version, language="en").is_ready  # failed stays failed
    api = APIClient()
    api.force_authenticate(UserFactory(staff=True))
    response = api.post(f"/api/v1/renditions/{version.pk}/build/", {"language": "en"}, format="json")
    assert response.status_code == 200 and response.json()["ready"] is True
    rendition.refresh_from_db()
    assert rendition.is_ready and len(response.json()["checksum"]) == 64
