"""A real .doc made by LibreOffice: imported by content, kept as the original, converted
to PDF in the worker. With CI=true a missing LibreOffice fails instead of skipping."""

import os
import subprocess

import pytest

from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, write_zip
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


def test_doc_imported_kept_and_converted(soffice, tmp_path, django_capture_on_commit_callbacks):
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
    officer = UserFactory(officer=True)
    batch = batch_plan(actor=officer, source=write_zip(tmp_path / "s.zip", [("QT-VP-01.doc", doc)]))
    assert batch.plan[0]["action"] == "create" and batch.plan[0]["legacy"]
    with django_capture_on_commit_callbacks(execute=True):
        batch_run(batch, actor=officer)
    marker = ImportedVersion.objects.get()
    assert marker.version.original_filename == "QT-VP-01.doc"
    with marker.version.file.open("rb") as handle:
        assert handle.read() == doc  # the original is kept
    assert marker.conversion == "done", marker.conversion_message
    with marker.converted_pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
