"""A master-list row naming several files: the first is the version's file, the others its
attachments, all or nothing per row; and what an imported effective version sets off."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from approvals.models import Acknowledgement
from approvals.selectors import distribution_readers
from approvals.services import distribution_set
from documents.models import Document, DocumentVersion, VersionAttachment
from notifications.models import Notification
from procedures.models import AdministrativeProcedure
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import HEADER, docx, pdf, plan_of, write_xlsx, write_zip
from transfer.reports import plan_csv
from transfer.services import batch_plan, batch_run, batch_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    officer = UserFactory(officer=True, username="officer")
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP", name="Văn phòng")
    return officer


def _row(number, revision, files, effective="2023-06-30", doc_type="QT", department="VP"):
    return [number, "Kiểm soát hồ sơ", doc_type, department, "", revision, effective, 12, "", "", files]


def _media_files():
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def _source(tmp_path, form=None):
    """A set whose QT-VP-01 comes with a form (DOCX) and a flow chart (PDF)."""
    members = {
        "QT-VP-01/QT-VP-01.docx": docx("Quy trình kiểm soát hồ sơ"),
        "QT-VP-01/BM-01 Phiếu đề nghị.docx": form or docx("Phiếu đề nghị"),
        "QT-VP-01/Lưu đồ.pdf": pdf("Lưu đồ"),
    }
    return write_zip(tmp_path / "set.zip", list(members.items())), members


FILES = "QT-VP-01/QT-VP-01.docx; QT-VP-01/BM-01 Phiếu đề nghị.docx | QT-VP-01/Lưu đồ.pdf"


def test_the_other_files_of_a_row_become_the_versions_attachments(officer, tmp_path):
    # given a master list whose row names the procedure, its form and its flow chart
    source, members = _source(tmp_path)
    master = write_xlsx(tmp_path / "list.xlsx", [_row("QT-VP-01", 1, FILES)])
    # when the officer runs the dry run
    batch = batch_plan(actor=officer, source=source, master_list=master)
    # then one row, to create the document, with 2 attachments said in the report and the CSV
    (row,) = plan_of(batch)
    assert row["action"] == "create"
    assert row["message"] == "will create the document; 2 attachments"
    assert not any("only the first" in w for w in row["warnings"])
    assert "QT-VP-01/BM-01 Phiếu đề nghị.docx | QT-VP-01/Lưu đồ.pdf" in plan_csv(batch)
    # when it is imported
    batch_run(batch, actor=officer)
    # then the first file is the version's, the others its attachments, byte for byte
    version = DocumentVersion.objects.get(document__number="QT-VP-01")
    assert batch.rows.get(position=0).message == "imported as effective; 2 attachments"
    assert version.original_filename == "QT-VP-01.docx"
    stored = {a.original_filename: a for a in version.attachments.all()}
    assert set(stored) == {"BM-01 Phiếu đề nghị.docx", "Lưu đồ.pdf"}
    for name in stored:
        with stored[name].file.open("rb") as handle:
            assert handle.read() == members[f"QT-VP-01/{name}"]
        assert stored[name].uploaded_by == officer
        assert stored[name].history.get().history_change_reason.startswith("imported from")

    # when the same set is imported again: skipped as identical, nothing added
    again = batch_plan(actor=officer, source=source, master_list=master)
    assert [r["action"] for r in plan_of(again)] == ["skip"]
    batch_run(again, actor=officer)
    assert VersionAttachment.objects.count() == 2 and DocumentVersion.objects.count() == 1


def test_the_same_revision_with_other_attachments_is_a_clash_not_a_skip(officer, tmp_path):
    source, _members = _source(tmp_path)
    batch_run(
        batch_plan(
            actor=officer,
            source=source,
            master_list=write_xlsx(tmp_path / "list.xlsx", [_row("QT-VP-01", 1, FILES)]),
        ),
        actor=officer,
    )
    # when the set comes again with the same main file but only the flow chart attached
    fewer = write_xlsx(
        tmp_path / "fewer.xlsx", [_row("QT-VP-01", 1, "QT-VP-01/QT-VP-01.docx; QT-VP-01/Lưu đồ.pdf")]
    )
    (row,) = [r for r in plan_of(batch_plan(actor=officer, source=source, master_list=fewer)) if r["number"]]
    # then
    assert row["action"] == "error" and "exists with other content" in row["message"]


def test_a_missing_or_refused_attachment_makes_the_row_an_error(officer, tmp_path):
    source = write_zip(
        tmp_path / "set.zip",
        [
            ("QT-VP-01.docx", docx("Quy trình")),
            ("QT-VP-02.docx", docx("Quy trình 2")),
            ("script.pdf", b"#!/bin/sh\n"),
        ],
    )
    master = write_xlsx(
        tmp_path / "list.xlsx",
        [
            _row("QT-VP-01", 1, "QT-VP-01.docx; khong-co.pdf"),
            _row("QT-VP-02", 1, "QT-VP-02.docx; script.pdf"),
            _row("QT-VP-03", 1, "QT-VP-02.docx; QT-VP-02.docx"),
        ],
    )
    batch = batch_plan(actor=officer, source=source, master_list=master)
    errors = {r["number"]: r["message"] for r in plan_of(batch) if r["action"] == "error"}
    assert errors["QT-VP-01"] == "missing attachment: khong-co.pdf"
    assert errors["QT-VP-02"].startswith("attachment script.pdf refused:")
    assert "named twice" in errors["QT-VP-03"]
    batch_run(batch, actor=officer)
    assert not Document.objects.exists() and not _media_files()


def test_an_attachment_changed_after_the_dry_run_rolls_the_whole_row_back(officer, tmp_path):
    # given a dry run of the set
    source, _members = _source(tmp_path)
    batch = batch_plan(
        actor=officer,
        source=source,
        master_list=write_xlsx(tmp_path / "list.xlsx", [_row("QT-VP-01", 1, FILES)]),
    )
    # when the form is replaced in the ZIP before the import runs
    _source(tmp_path, form=docx("Phiếu đề nghị, bản khác"))
    batch_run(batch, actor=officer)
    # then nothing of the row is in: no document, no version, no attachment, no stored file
    assert batch_summary(batch) == {"imported": 0, "skipped": 0, "failed": 1}
    assert "changed since the dry run" in batch.rows.get(position=0).message
    assert not Document.objects.exists() and not VersionAttachment.objects.exists()
    assert not _media_files()


def test_source_entries_named_as_attachments_are_not_reported_as_unlisted(officer, tmp_path):
    source, _members = _source(tmp_path)
    batch = batch_plan(
        actor=officer,
        source=source,
        master_list=write_xlsx(tmp_path / "list.xlsx", [_row("QT-VP-01", 1, FILES)]),
    )
    # then the form and the flow chart are not reported as files the master list leaves out
    assert [r["file"] for r in plan_of(batch)] == ["QT-VP-01/QT-VP-01.docx"]


# --- the "effective" event of an imported version --------------------------------------


@pytest.fixture
def catalogue(db):
    """A published procedure whose form (BM, revision 01 effective) is read by a department."""
    from tests.procedures.factories import World

    world = World()
    reader = UserFactory(staff=True, departments=[world.department])
    distribution_set(actor=world.officer, document=world.form, departments=[world.department], groups=[])
    assert reader.pk in distribution_readers(world.form)
    return world


def test_import_of_a_new_effective_revision_flags_linked_procedures_once_without_read_tasks(
    catalogue, tmp_path, django_capture_on_commit_callbacks
):
    # given revisions 02 and 03 of the procedure's form, brought in by an import
    form = catalogue.form
    source = write_zip(
        tmp_path / "set.zip", [("bm-rev02.pdf", pdf("Mẫu lần 2")), ("bm-rev03.pdf", pdf("Mẫu lần 3"))]
    )
    master = write_xlsx(
        tmp_path / "list.xlsx",
        [
            _row(form.number, 2, "bm-rev02.pdf", "2024-01-02", "BM", "KTKD"),
            _row(form.number, 3, "bm-rev03.pdf", "2025-01-02", "BM", "KTKD"),
        ],
    )
    batch = batch_plan(actor=catalogue.officer, source=source, master_list=master)
    assert [r["action"] for r in plan_of(batch)] == ["add_revision", "add_revision"]
    tasks_before = Acknowledgement.objects.count()

    # when the import runs: nothing is announced before its rows are committed
    with django_capture_on_commit_callbacks() as callbacks:
        batch_run(batch, actor=catalogue.officer, chunk=1)
    assert not AdministrativeProcedure.objects.get(pk=catalogue.procedure.pk).needs_review
    for callback in callbacks:
        callback()

    # then revision 03 is effective, 01 and 02 superseded, its periodic review dated
    revisions = dict(form.versions.values_list("revision", "status"))
    assert revisions == {1: "superseded", 2: "superseded", 3: "effective"}
    rev3 = form.versions.get(revision=3)
    assert rev3.next_review_date == datetime.date(2026, 1, 2)
    # and the procedure that links the form is to review, flagged once (for the final revision)
    procedure = AdministrativeProcedure.objects.get(pk=catalogue.procedure.pk)
    assert procedure.needs_review
    assert procedure.review_reason.count(form.number) == 1
    assert Notification.objects.filter(recipient=catalogue.officer, kind="procedure_to_review").count() == 1
    # and no read-and-acknowledge task for the imported revisions, readers or not
    assert not Acknowledgement.objects.filter(version__document=form, version__revision__gt=1).exists()
    assert Acknowledgement.objects.count() == tasks_before


def test_an_import_that_supersedes_a_revision_closes_its_open_read_tasks(
    catalogue, tmp_path, django_capture_on_commit_callbacks
):
    # given a reader who was asked to read the form's effective revision 01 and has not yet
    form = catalogue.form
    rev1 = form.versions.get(revision=1)
    reader = UserFactory(staff=True, departments=[catalogue.department])
    task = Acknowledgement.objects.create(version=rev1, user=reader, department=catalogue.department)
    assert task.status == Acknowledgement.Status.OPEN
    # when an import brings revision 02 in, effective
    source = write_zip(tmp_path / "set.zip", [("bm-rev02.pdf", pdf("Mẫu lần 2"))])
    master = write_xlsx(
        tmp_path / "list.xlsx", [_row(form.number, 2, "bm-rev02.pdf", "2024-01-02", "BM", "KTKD")]
    )
    batch = batch_plan(actor=catalogue.officer, source=source, master_list=master)
    with django_capture_on_commit_callbacks(execute=True):
        batch_run(batch, actor=catalogue.officer)
    # then the task to read revision 01 is closed as superseded, and none opens for 02
    task.refresh_from_db()
    assert form.versions.get(revision=2).status == "effective"
    assert task.status == Acknowledgement.Status.SUPERSEDED
    assert not Acknowledgement.objects.filter(version__document=form, version__revision=2).exists()


def test_superseded_history_imported_alone_announces_nothing(
    catalogue, tmp_path, django_capture_on_commit_callbacks
):
    # given an import of an older revision of the form only (its 01 stays effective)
    form = catalogue.form
    form_rev = form.versions.get()
    source = write_zip(tmp_path / "set.zip", [("bm-cu.pdf", pdf("Mẫu cũ"))])
    master = write_xlsx(
        tmp_path / "list.xlsx",
        [[*_row(form.number, 2, "bm-cu.pdf", "2010-01-02", "BM", "KTKD"), "superseded"]],
        header=[*HEADER, "Status"],
    )
    batch = batch_plan(actor=catalogue.officer, source=source, master_list=master)
    assert plan_of(batch)[0]["status"] == "superseded"
    with django_capture_on_commit_callbacks(execute=True):
        batch_run(batch, actor=catalogue.officer)
    # then the history is in, the effective revision unchanged, and nobody is told
    assert form.versions.get(revision=2).status == "superseded"
    form_rev.refresh_from_db()
    assert form_rev.status == "effective"
    assert not AdministrativeProcedure.objects.get(pk=catalogue.procedure.pk).needs_review


def test_a_failing_listener_rolls_back_its_document_only(
    catalogue, tmp_path, django_capture_on_commit_callbacks
):
    # given new revisions of the procedure's form and of its QT in one import, and a
    # listener that fails on the form
    from documents.services import LIFECYCLE_HOOKS, lifecycle_hook_register

    form, qt = catalogue.form, catalogue.qt
    source = write_zip(
        tmp_path / "set.zip", [("bm.pdf", pdf("Mẫu lần 2")), ("qt.pdf", pdf("Quy trình lần 2"))]
    )
    master = write_xlsx(
        tmp_path / "list.xlsx",
        [
            _row(form.number, 2, "bm.pdf", "2025-01-02", "BM", "KTKD"),
            _row(qt.number, 2, "qt.pdf", "2025-01-02", "QT", "KTKD"),
        ],
    )
    batch = batch_plan(actor=catalogue.officer, source=source, master_list=master)

    def refuse_the_form(*, version, **kwargs):
        if version.document_id == form.pk:
            raise RuntimeError("listener down")

    lifecycle_hook_register("effective", refuse_the_form)
    try:
        # when the import runs and its announcements go out
        with django_capture_on_commit_callbacks(execute=True):
            batch_run(batch, actor=catalogue.officer)
    finally:
        LIFECYCLE_HOOKS["effective"].remove(refuse_the_form)
    # then both revisions are in, and the procedure is flagged for the QT only: what the
    # form's listeners did before the failure was undone with it
    assert batch_summary(batch) == {"imported": 2, "skipped": 0, "failed": 0}
    procedure = AdministrativeProcedure.objects.get(pk=catalogue.procedure.pk)
    assert procedure.needs_review
    assert qt.number in procedure.review_reason and form.number not in procedure.review_reason
