"""export_documents -> import_documents into an empty register: same numbers, revisions,
statuses, dates and SHA-256; the manifest carries signatures and history."""

import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from openpyxl import load_workbook

from documents.models import Document, DocumentVersion
from documents.workflow import DocumentStatus
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory, make_document
from transfer.models import ImportBatch, ImportedVersion

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _snapshot():
    return sorted(
        DocumentVersion.objects.values_list(
            "document__number", "document__title", "revision", "status", "effective_date", "checksum", "size"
        )
    )


def _exported(tmp_path):
    """An export of a small register (two documents, three versions), the register then
    rolled back: the database is empty again. (zip path, snapshot of the versions)."""
    officer = UserFactory(officer=True, username="officer")
    doc_type = DocumentTypeFactory(code="QT")
    vp = DepartmentFactory(code="VP", name="Văn phòng")
    out = tmp_path / "register.zip"
    try:
        with transaction.atomic():  # the source installation, undone after the export
            make_document(
                officer=officer,
                department=vp,
                doc_type=doc_type,
                status=DocumentStatus.SUPERSEDED,
                title="Kiểm soát hồ sơ",
            )
            make_document(
                officer=officer,
                department=vp,
                doc_type=doc_type,
                status=DocumentStatus.EFFECTIVE,
                title="Đánh giá nội bộ",
                file_name="danh-gia.docx",
            )
            before = _snapshot()
            call_command("export_documents", str(out))
            raise _Rollback
    except _Rollback:
        pass
    assert not Document.objects.exists()  # an empty register
    assert len(before) == 3
    return out, before


def test_export_then_import_into_an_empty_register(tmp_path):
    out, before = _exported(tmp_path)

    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert {"manifest.json", "manifest.xlsx"} <= set(names)
        assert sum(n.startswith("files/") for n in names) == 3
        first = next(r for r in manifest["versions"] if r["status"] == "superseded")
        assert first["signatures"] and first["signatures"][0]["content_sha256"] == first["checksum"]
        assert [h["reason"] for h in first["history"]][0] == "draft"
        with archive.open("manifest.xlsx") as handle:
            sheet = load_workbook(handle, read_only=True).active
            header = [c.value for c in next(sheet.iter_rows(max_row=1))]
            assert header[:3] == ["number", "title", "type"] and len(list(sheet.iter_rows())) == 4

    call_command("import_documents", str(out), "--as", "officer")
    assert _snapshot() == before
    assert ImportedVersion.objects.count() == 3
    # and a second run changes nothing
    call_command("import_documents", str(out), "--as", "officer")
    assert _snapshot() == before


def test_master_list_read_back_from_the_exports_manifest_xlsx(tmp_path):
    # given an export, and its manifest.xlsx taken out as a master list (as an officer
    # would after editing it in Excel)
    out, before = _exported(tmp_path)
    master = tmp_path / "master-list.xlsx"
    with zipfile.ZipFile(out) as archive:
        master.write_bytes(archive.read("manifest.xlsx"))
    UserFactory(officer=True, username="officer2")

    # when the export is imported with that master list
    call_command("import_documents", str(out), "--master-list", str(master), "--as", "officer2")

    # then the same numbers, titles, revisions, statuses, dates and SHA-256 come back, and
    # the export's own extras (manifests, controlled PDFs) are not reported as unlisted
    assert _snapshot() == before
    batch = ImportBatch.objects.get()
    assert not [r for r in batch.plan if "not listed" in r["message"]]
