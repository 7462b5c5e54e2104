"""Renditions trust nothing they have not checked: a PDF is built only from a source that
matches its recorded SHA-256, a cached PDF is served only as it was built, and stored
files are swept; the officers hear of each finding once."""

import hashlib
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from notifications.models import Notification
from notifications.services import user_language_set
from renditions import services
from renditions.models import AccessEvent, IntegrityAlert, Rendition
from renditions.tasks import stored_files_sweep_task
from tests.documents.factories import UserFactory
from tests.renditions.factories import pdf_pages, pdf_upload
from tests.renditions.pdftext import all_text
from tests.renditions.test_services import register

pytestmark = pytest.mark.django_db


def pdf_url(version, download=False):
    url = reverse("renditions:version_pdf", args=[version.pk])
    return url + "?download=1" if download else url


def overwrite(field_file, data: bytes) -> bytes:
    path = Path(field_file.path)
    before = path.read_bytes()
    path.write_bytes(data)
    return before


def alerts_to(user, kind="stored_file_changed"):
    return Notification.objects.filter(recipient=user, kind=kind)


def test_tampered_source_builds_no_pdf_and_officers_are_told_once(client):
    # given an effective version whose source is a PDF, and two officers
    officer = UserFactory(officer=True)
    other_officer = UserFactory(officer=True)
    user_language_set(user=other_officer, language="vi")
    version = register(officer=officer, file=pdf_upload(2, label="Trang gốc"))
    reader = UserFactory(staff=True)
    client.force_login(reader)
    # when the stored file is changed on disk, then a reader asks for the PDF
    original = overwrite(version.file, pdf_pages(2, label="Trang giả"))
    response = client.get(pdf_url(version))
    # then no PDF is made: the reader lands on the progress page, which says why
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "no longer matches the file that was approved" in page
    rendition = Rendition.objects.get(version=version)
    assert rendition.state == Rendition.State.FAILED and rendition.failure == "source_changed"
    assert not rendition.file and AccessEvent.objects.count() == 0
    # and the API refuses too
    api = APIClient()
    api.force_authenticate(reader)
    refused = api.get(f"/api/v1/renditions/{version.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409 and "SHA-256" in refused.json()["detail"]
    # and each officer is told once, in their language, however often readers ask
    client.get(pdf_url(version))
    services.rendition_prepare(version=version, language="vi")
    assert alerts_to(officer).count() == 1 and alerts_to(other_officer).count() == 1
    assert version.file.name in alerts_to(officer).get().message
    assert alerts_to(other_officer).get().subject.startswith("Tệp lưu trữ đã bị thay đổi")
    vietnamese = Rendition.objects.get(version=version, language="vi")
    assert "không còn khớp" in vietnamese.error
    # when the original file is restored
    overwrite(version.file, original)
    response = client.get(pdf_url(version))
    # then the PDF is built from it and served; the alert is closed
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = all_text(response.content)
    assert "Trang gốc 1" in text and "Trang giả" not in text
    assert not IntegrityAlert.objects.filter(resolved_at=None).exists()


def test_cached_rendition_swapped_for_another_documents_pdf_is_not_served(client):
    # given two effective documents, each with its cached PDF
    officer = UserFactory(officer=True)
    mine = register(officer=officer, body="Nội dung của tôi", title="Quy trình A")
    other = register(officer=officer, body="Nội dung khác", title="Quy trình B")
    ours = services.rendition_prepare(version=mine, language="en", inline=True)
    theirs = services.rendition_prepare(version=other, language="en", inline=True)
    assert ours.is_ready and theirs.is_ready and len(ours.checksum) == 64
    # when the cached file of the first is replaced by the second's PDF
    with theirs.file.open("rb") as handle:
        overwrite(ours.file, handle.read())
    client.force_login(UserFactory(staff=True))
    response = client.get(pdf_url(mine), HTTP_ACCEPT_LANGUAGE="en")
    # then the reader gets a PDF of their own document, rebuilt, never the swapped one
    assert response.status_code == 200
    text = all_text(response.content)
    assert mine.document.number in text and "Nội dung của tôi" in text
    assert other.document.number not in text
    ours.refresh_from_db()
    with ours.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == ours.checksum
    # and the officer heard of it once
    assert alerts_to(officer).count() == 1
    client.get(pdf_url(mine), HTTP_ACCEPT_LANGUAGE="en")
    assert alerts_to(officer).count() == 1


def test_rendition_changed_between_check_and_read_is_refused_not_served():
    # given a cached PDF, then swapped after it was looked up (no fresh check)
    officer = UserFactory(officer=True)
    version = register(officer=officer, body="Nội dung")
    services.rendition_prepare(version=version, language="en", inline=True)
    stale = Rendition.objects.get(version=version)
    overwrite(stale.file, pdf_pages(1, label="Không phải tài liệu này"))
    # when it is read for a reader
    with pytest.raises(services.RenditionNotReady):
        services.rendition_for_reader(user=officer, rendition=stale)
    # then nothing was served or logged, and the next request rebuilds it
    assert AccessEvent.objects.count() == 0
    again = services.rendition_prepare(version=version, language="en", inline=True)
    assert again.is_ready and "Không phải tài liệu này" not in all_text(
        services.rendition_for_reader(user=officer, rendition=again)
    )


def test_verify_files_exits_zero_when_clean_and_names_every_bad_file(capsys):
    # given a PDF-sourced version and a body version, each with a cached PDF
    officer = UserFactory(officer=True)
    with_file = register(officer=officer, file=pdf_upload(1))
    with_body = register(officer=officer, body="Nội dung")
    cached = services.rendition_prepare(version=with_body, language="en", inline=True)
    services.rendition_prepare(version=with_file, language="en", inline=True)
    # when everything is intact
    call_command("verify_files")
    # then it says so (and exits 0)
    assert "All 3 stored files match their SHA-256." in capsys.readouterr().out
    # when one source is changed and one cached PDF is deleted
    overwrite(with_file.file, pdf_pages(1, label="Khác"))
    Path(cached.file.path).unlink()
    with pytest.raises(CommandError) as error:
        call_command("verify_files")
    # then both are named, and the command fails with exit status 1
    out = capsys.readouterr().out
    assert error.value.returncode == 1
    assert "2 of 3 stored files are missing or changed" in str(error.value)
    assert f"CHANGED  {with_file.file.name}" in out and with_file.checksum in out
    assert f"MISSING  {cached.file.name}" in out


def test_verify_files_exit_status_from_the_command_line(capsys):
    from django.core.management import execute_from_command_line

    officer = UserFactory(officer=True)
    version = register(officer=officer, file=pdf_upload(1))
    overwrite(version.file, b"%PDF-1.4 not the same")
    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "verify_files"])
    assert exit_status.value.code == 1
    assert version.file.name in capsys.readouterr().out


def test_nightly_sweep_alerts_officers_once_and_closes_the_alert_when_restored():
    from django_celery_beat.models import PeriodicTask

    # given the sweeps are scheduled
    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    assert tasks["Stored file integrity check"] == "renditions.tasks.stored_files_sweep_task"
    assert tasks["Stuck PDF builds"] == "renditions.tasks.renditions_expire_stuck_task"
    # and a stored source that went missing
    officer = UserFactory(officer=True)
    version = register(officer=officer, file=pdf_upload(1))
    original = Path(version.file.path).read_bytes()
    Path(version.file.path).unlink()
    # when the sweep runs twice
    first = stored_files_sweep_task.delay().get()
    stored_files_sweep_task.delay()
    # then the officer is told once, with a link to the version
    assert first["problems"] == 1
    notice = alerts_to(officer, kind="stored_file_missing").get()
    assert version.file.name in notice.message
    assert notice.url == reverse("documents:version_detail", args=[version.pk])
    # when the file is restored
    Path(version.file.path).write_bytes(original)
    result = stored_files_sweep_task.delay().get()
    # then the alert is closed and nobody else is told anything
    assert result["problems"] == 0 and result["resolved"] == 1
    assert not IntegrityAlert.objects.filter(resolved_at=None).exists()
    assert Notification.objects.filter(kind__startswith="stored_file").count() == 1


def test_source_removed_from_storage_is_refused_as_missing():
    officer = UserFactory(officer=True)
    version = register(officer=officer, file=pdf_upload(1))
    Path(version.file.path).unlink()
    rendition = services.rendition_prepare(version=version, language="en", inline=True)
    assert rendition.state == Rendition.State.FAILED and rendition.failure == "source_changed"
    assert alerts_to(officer, kind="stored_file_missing").count() == 1


def test_read_source_is_hashed_as_read():
    # a file swapped after the upfront check is still caught by the builder itself
    from renditions import builders

    officer = UserFactory(officer=True)
    version = register(officer=officer, file=pdf_upload(1))
    overwrite(version.file, b"%PDF-1.4 other")
    with pytest.raises(builders.SourceChanged) as error:
        builders.build_pdf(builders.plan_for(version))
    assert error.value.found == hashlib.sha256(b"%PDF-1.4 other").hexdigest()


def test_file_changed_in_place_keeping_size_and_time_is_refused_once_the_sweep_reads_it(client):
    # given a version whose file a reader has downloaded (so it is known intact)
    officer = UserFactory(officer=True)
    version = register(officer=officer, file=pdf_upload(2, label="Trang gốc"))
    client.force_login(UserFactory(staff=True))
    url = reverse("documents:download", args=[version.pk])
    assert client.get(url).status_code == 200
    # when its bytes are changed on disk with the same size and modification time
    path = Path(version.file.path)
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[-20] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # then a download only compares size and time, so it still serves the file ...
    assert client.get(url).status_code == 200
    # ... until the nightly sweep re-hashes every file: it reports the change ...
    assert stored_files_sweep_task()["problems"] == 1
    assert IntegrityAlert.objects.filter(file_name=version.file.name, resolved_at=None).exists()
    # ... and from then on the download is refused
    assert client.get(url).status_code == 409
