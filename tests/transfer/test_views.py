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
    csv = officer_client.get(reverse("transfer:batch_csv", args=[batch.pk])).content.decode()
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
