"""The officer page: upload -> dry-run report -> import -> summary; bad input is a form error."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document
from tests.documents.factories import PASSWORD, DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, write_zip
from transfer.models import ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP")
    officer = UserFactory(officer=True, username="officer")
    client.login(username=officer.username, password=PASSWORD)
    return client


def test_upload_dry_run_report_then_import(officer_client, tmp_path):
    archive = write_zip(tmp_path / "s.zip", [("QT-VP-01_rev01.docx", docx()), ("../x.docx", docx())])
    response = officer_client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("s.zip", archive.read_bytes())}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("transfer:batch", args=[batch.pk])
    page = officer_client.get(response["Location"]).content.decode()
    assert "will create the document" in page and "path outside the archive refused" in page
    assert not Document.objects.exists()
    officer_client.post(reverse("transfer:batch_run", args=[batch.pk]))  # Celery eager in tests
    batch.refresh_from_db()
    assert batch.status == "done" and Document.objects.get().number == "QT-VP-01"
    fragment = officer_client.get(reverse("transfer:batch_progress", args=[batch.pk])).content.decode()
    assert "1 imported, 1 skipped, 0 failed" in fragment and "hx-trigger" not in fragment
    csv = b"".join(
        officer_client.get(reverse("transfer:batch_csv", args=[batch.pk])).streaming_content
    ).decode()
    assert "QT-VP-01" in csv and "imported" in csv


def test_not_a_zip_and_folder_outside_roots_are_form_errors(officer_client, settings, tmp_path):
    settings.TRANSFER_IMPORT_ROOTS = [str(tmp_path / "allowed")]
    response = officer_client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("s.zip", b"not a zip")}
    )
    assert response.status_code == 400 and "neither a ZIP archive nor a folder" in response.content.decode()
    response = officer_client.post(reverse("transfer:import"), {"folder": "/etc"})
    assert response.status_code == 400 and "not under an allowed import folder" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_export_download_is_a_zip_with_a_manifest(officer_client):
    response = officer_client.get(reverse("transfer:export"))
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "manifest.json" in archive.namelist()


def test_large_upload_dry_run_runs_as_a_task_and_the_page_polls(officer_client, settings, tmp_path):
    # given uploads above the inline limit go to a task (here in the caller: no thread in tests)
    settings.TRANSFER_INLINE_DRY_RUN_BYTES = 0
    archive = write_zip(tmp_path / "s.zip", [("QT-VP-01_rev01.docx", docx())])
    response = officer_client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("s.zip", archive.read_bytes())}
    )
    batch = ImportBatch.objects.get()
    # then the history shows it was queued, and the report is there once the task ran
    assert [h.history_change_reason for h in batch.history.order_by("history_id")] == [
        "dry run queued",
        "dry run",
    ]
    page = officer_client.get(response["Location"]).content.decode()
    assert "will create the document" in page
    # a page still polling when the dry run ends is told to reload
    fragment = officer_client.get(reverse("transfer:batch_progress", args=[batch.pk]) + "?planning=1")
    assert fragment["HX-Refresh"] == "true"


def test_dry_run_in_progress_shows_its_progress(officer_client, tmp_path):
    from transfer.services import batch_open

    officer = ImportBatch._meta.get_field("created_by").related_model.objects.get(username="officer")
    batch = batch_open(actor=officer, source=str(write_zip(tmp_path / "s.zip", [("QT-VP-01.docx", docx())])))
    ImportBatch.objects.filter(pk=batch.pk).update(position=100, planning_total=400)
    page = officer_client.get(reverse("transfer:batch", args=[batch.pk])).content.decode()
    assert "Dry run: 100 of 400 rows checked" in page and "every 1s" in page
    assert "Import</button>" not in page


@pytest.fixture
def broker_down(settings):
    """A broker that refuses connections (nothing listens on port 1)."""
    from qms.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved


def test_broker_down_on_import_says_so_and_changes_nothing(officer_client, tmp_path, broker_down, settings):
    archive = write_zip(tmp_path / "s.zip", [("QT-VP-01_rev01.docx", docx())])
    officer_client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("s.zip", archive.read_bytes())}
    )
    batch = ImportBatch.objects.get()
    # when the officer presses Import and the queue is unreachable
    response = officer_client.post(reverse("transfer:batch_run", args=[batch.pk]), follow=True)
    # then a clear message, the batch still planned (Import offered again), nothing imported
    assert response.status_code == 200
    assert "The task queue is not reachable, so nothing was started." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "planned" and not Document.objects.exists()
    # and a large upload's dry run: a form error (503), no batch left behind
    settings.TRANSFER_INLINE_DRY_RUN_BYTES = 0
    response = officer_client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("s.zip", archive.read_bytes())}
    )
    assert response.status_code == 503 and "task queue is not reachable" in response.content.decode()
    assert ImportBatch.objects.count() == 1
