"""A real .doc made by LibreOffice: imported by content, kept as the original, converted
to PDF in the worker; the converted PDF is what the controlled PDF lays out and what the
search reads. With CI=true a missing LibreOffice fails instead of skipping."""

import os
import subprocess

import pytest
from django.urls import reverse

from renditions.builders import build_pdf, plan_for
from search.models import VersionPage, VersionText
from tests.documents.factories import PASSWORD, DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, plan_of, write_zip
from tests.transfer.test_imported_renditions import _text
from transfer.conversion import soffice_path
from transfer.models import ImportedVersion
from transfer.services import batch_plan, batch_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def soffice():
    path = soffice_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is missing on CI (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed")
    return path


def test_doc_imported_kept_converted_then_laid_out_and_searchable(
    soffice, tmp_path, monkeypatch, client, django_capture_on_commit_callbacks
):
    (tmp_path / "QT-VP-01.docx").write_bytes(docx("Quy trình cũ định dạng .doc"))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "QT-VP-01.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = (tmp_path / "out" / "QT-VP-01.doc").read_bytes()
    assert doc[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP")
    officer = UserFactory(officer=True, username="officer")
    batch = batch_plan(actor=officer, source=write_zip(tmp_path / "s.zip", [("QT-VP-01.doc", doc)]))
    assert plan_of(batch)[0]["action"] == "create" and plan_of(batch)[0]["legacy"]
    # imported while LibreOffice is missing: pending
    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setenv("PATH", str(tmp_path / "empty"))
        batch_run(batch, actor=officer)
    marker = ImportedVersion.objects.get()
    assert marker.conversion == "pending"
    assert marker.version.original_filename == "QT-VP-01.doc"
    with marker.version.file.open("rb") as handle:
        assert handle.read() == doc  # the original is kept

    # LibreOffice is there now: the officer converts the waiting files from the batch page
    client.login(username="officer", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("transfer:batch_convert", args=[batch.pk]), follow=True)
    assert "1 conversion queued." in response.content.decode()
    marker.refresh_from_db()
    assert marker.conversion == "done", marker.conversion_message
    with marker.converted_pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # the controlled PDF lays out the converted pages; the search reads their text
    version = type(marker.version).objects.get(pk=marker.version_id)
    plan = plan_for(version)
    assert plan.source == "converted"
    assert "Quy trình cũ định dạng .doc" in _text(build_pdf(plan))
    assert VersionText.objects.get(version=version).status == "done"
    assert "Quy trình cũ định dạng" in VersionPage.objects.get(version=version).text
