"""What an imported version looks like downstream: its controlled PDF says "approved
outside the system, imported on ... by ... from ..." instead of signature lines; a legacy
original waiting for LibreOffice gets a cover page, is listed as pending on the batch page,
and can be converted from there once LibreOffice is installed."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from renditions.builders import build_pdf, plan_for
from tests.documents.factories import PASSWORD, DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, write_zip
from transfer.models import ImportedVersion
from transfer.services import batch_plan, batch_run

pytestmark = pytest.mark.django_db

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048  # an old Word file, by its content


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def officer():
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP")
    return UserFactory(officer=True, username="officer", first_name="Lan", last_name="Nguyễn")


def test_imported_pdf_says_approved_outside_the_system_instead_of_signatures(officer, tmp_path):
    # given a document imported from a ZIP (two revisions)
    source = write_zip(
        tmp_path / "set.zip",
        [("QT-VP-01_rev01.docx", docx("Bản cũ")), ("QT-VP-01_rev02.docx", docx("Quy trình hiện hành"))],
    )
    batch_run(batch_plan(actor=officer, source=source), actor=officer)
    version = ImportedVersion.objects.get(version__revision=2).version

    # when its controlled PDF is built
    plan = plan_for(version)
    text = _text(build_pdf(plan))

    # then the manifest names the import, not signatures
    assert plan.manifest.signatures == []
    assert "Approved outside the system; imported on" in text
    assert "fromQT-VP-01_rev02.docx" in "".join(text.split()) and "Nguyễn" in text, text
    assert "Prepared by" not in text and "Signatures" not in text
    assert "Quy trình hiện hành" in text  # the body is still the imported file


def test_legacy_file_without_libreoffice_is_pending_with_a_cover_page(
    officer, tmp_path, monkeypatch, client, django_capture_on_commit_callbacks
):
    # given LibreOffice is not on the PATH
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    batch = batch_plan(actor=officer, source=write_zip(tmp_path / "s.zip", [("QT-VP-02.doc", OLE2)]))

    # when the .doc is imported (and its conversion task runs)
    with django_capture_on_commit_callbacks(execute=True):
        batch_run(batch, actor=officer)

    # then it is in, its conversion pending, its PDF a cover naming the kept original
    marker = ImportedVersion.objects.get()
    assert marker.conversion == "pending" and "not installed" in marker.conversion_message
    plan = plan_for(marker.version)
    assert plan.source == "other"
    text = _text(build_pdf(plan))
    assert "QT-VP-02.doc" in text and "Approved outside the system" in text
    # and the officer sees it waiting on the batch page, with what to install
    client.login(username="officer", password=PASSWORD)
    page = client.get(reverse("transfer:batch", args=[batch.pk])).content.decode()
    assert "pending: 1" in page and "QT-VP-02" in page and "libreoffice-writer-nogui" in page
    assert "Convert the waiting files" not in page
