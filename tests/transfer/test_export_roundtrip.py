"""export_documents -> import_documents into an empty register: same numbers, revisions,
statuses, dates and SHA-256; the manifest carries signatures and history."""

import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from openpyxl import load_workbook

from documents import services
from documents.models import Document, DocumentVersion, VersionAttachment
from documents.workflow import DocumentStatus
from tests.documents.factories import (
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    advance_version,
    make_document,
    make_upload,
)
from tests.transfer.helpers import plan_of
from transfer.models import ImportBatch, ImportedVersion

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _snapshot():
    versions = sorted(
        DocumentVersion.objects.values_list(
            "document__number", "document__title", "revision", "status", "effective_date", "checksum", "size"
        )
    )
    attachments = sorted(
        VersionAttachment.objects.values_list(
            "version__document__number", "version__revision", "original_filename", "checksum", "size"
        )
    )
    return versions, attachments


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
            # a procedure with its form and its flow chart (both named "phụ lục": two
            # attachments of one name must both come back)
            with_forms = make_document(
                officer=officer,
                department=vp,
                doc_type=doc_type,
                title="Khắc phục",
                status=DocumentStatus.DRAFT,
            ).versions.get()
            for upload in (
                make_upload("phụ lục.docx", text="Phiếu"),
                make_upload("phụ lục.docx", text="Lưu đồ"),
            ):
                services.version_attachment_add(actor=officer, version=with_forms, file=upload)
            advance_version(with_forms, DocumentStatus.EFFECTIVE, officer=officer)
            before = _snapshot()
            call_command("export_documents", str(out))
            raise _Rollback
    except _Rollback:
        pass
    assert not Document.objects.exists()  # an empty register
    assert len(before[0]) == 4 and len(before[1]) == 2
    assert before[1][0][3] != before[1][1][3]  # two different files
    return out, before


def test_export_then_import_into_an_empty_register(tmp_path):
    out, before = _exported(tmp_path)

    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert {"manifest.json", "manifest.xlsx"} <= set(names)
        assert sum(n.startswith("files/") for n in names) == 6  # 4 versions' files, 2 attachments
        with_forms = next(r for r in manifest["versions"] if r["attachments"])
        assert sorted(a["checksum"] for a in with_forms["attachments"]) == sorted(a[3] for a in before[1])
        assert with_forms["files"].count("; ") == 2
        first = next(r for r in manifest["versions"] if r["status"] == "superseded")
        assert first["signatures"] and first["signatures"][0]["content_sha256"] == first["checksum"]
        assert [h["reason"] for h in first["history"]][0] == "draft"
        with archive.open("manifest.xlsx") as handle:
            sheet = load_workbook(handle, read_only=True).active
            header = [c.value for c in next(sheet.iter_rows(max_row=1))]
            assert header[:3] == ["number", "title", "type"] and len(list(sheet.iter_rows())) == 5

    call_command("import_documents", str(out), "--as", "officer")
    assert _snapshot() == before
    assert ImportedVersion.objects.count() == 4
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
    assert not [r for r in plan_of(batch) if "not listed" in r["message"]]
