"""import_documents: dry run, import, revision history, idempotence, numbering."""

import datetime

import pytest
from django.core.management import call_command

from documents.models import Document, DocumentVersion
from documents.numbering import number_next
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, pdf, plan_of, write_xlsx, write_zip
from transfer.models import ImportedVersion
from transfer.services import batch_plan, batch_run, batch_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    officer = UserFactory(officer=True, username="officer")
    return {
        "officer": officer,
        "type": DocumentTypeFactory(code="QT"),
        "dept": DepartmentFactory(code="VP", name="Văn phòng"),
        "dept2": DepartmentFactory(code="KT", name="Kỹ thuật"),
    }


def _plan_by_file(batch):
    return {row["file"]: row for row in plan_of(batch)}


def test_master_list_dry_run_then_import_with_history(setup, tmp_path):
    rev2 = docx("rev 2")  # made once: python-docx stamps the time into the file
    source = write_zip(
        tmp_path / "set.zip",
        [
            ("QT-VP-01/QT-VP-01_rev01.docx", docx("rev 1")),
            ("QT-VP-01/QT-VP-01_rev02.docx", rev2),
            ("QT-KT-05.pdf", pdf("KT 5")),
        ],
    )
    master = write_xlsx(
        tmp_path / "list.xlsx",
        [
            [
                "QT-VP-01",
                "Kiểm soát tài liệu",
                "QT",
                "VP",
                "officer",
                1,
                datetime.date(2019, 1, 15),
                12,
                "",
                "",
                "QT-VP-01_rev01.docx",
            ],
            [
                "QT-VP-01",
                "Kiểm soát tài liệu",
                "QT",
                "VP",
                "officer",
                2,
                "01/03/2022",
                12,
                "",
                "",
                "QT-VP-01_rev02.docx",
            ],
            ["QT-KT-05", "Hiệu chuẩn", "QT", "KT", "", "03", "2023-06-30", 24, "", "", "QT-KT-05.pdf"],
            ["QT-KT-06", "Thiếu tệp", "QT", "KT", "", 1, "2023-06-30", 24, "", "", "missing.docx"],
            ["XX-VP-01", "Loại lạ", "XX", "VP", "", 1, "2023-06-30", 24, "", "", "QT-KT-05.pdf"],
        ],
    )
    batch = batch_plan(actor=setup["officer"], source=source, master_list=master)
    actions = [(r["number"], r["revision"], r["action"]) for r in plan_of(batch)]
    assert ("QT-VP-01", 1, "create") in actions
    assert ("QT-VP-01", 2, "add_revision") in actions
    assert ("QT-KT-05", 3, "create") in actions
    errors = {r["number"]: r["message"] for r in plan_of(batch) if r["action"] == "error"}
    assert "missing file" in errors["QT-KT-06"]
    assert "unknown document type: XX" in errors["XX-VP-01"]
    assert not Document.objects.exists()  # the dry run writes nothing

    batch_run(batch, actor=setup["officer"])
    assert batch_summary(batch) == {"imported": 3, "skipped": 2, "failed": 0}
    doc = Document.objects.get(number="QT-VP-01")
    versions = {v.revision: v for v in doc.versions.all()}
    assert versions[1].status == "superseded" and versions[1].effective_date == datetime.date(2019, 1, 15)
    assert versions[2].status == "effective" and versions[2].effective_date == datetime.date(2022, 3, 1)
    assert versions[2].next_review_date == datetime.date(2023, 3, 1)
    assert versions[2].approved_by is None  # no fake approval or signature
    assert doc.effective_version_id == versions[2].pk
    marker = ImportedVersion.objects.get(version=versions[2])
    assert marker.imported_by == setup["officer"] and marker.source_path == "QT-VP-01/QT-VP-01_rev02.docx"
    last = versions[2].history.latest()
    assert last.history_user == setup["officer"] and "imported from" in last.history_change_reason
    with versions[2].file.open("rb") as handle:
        assert handle.read() == rev2

    # the same import again: nothing new, every row skipped as identical
    again = batch_plan(actor=setup["officer"], source=source, master_list=master)
    assert {
        r["action"] for r in plan_of(again) if r["number"].startswith("QT-") and r["number"] != "QT-KT-06"
    } == {"skip"}
    batch_run(again, actor=setup["officer"])
    assert DocumentVersion.objects.count() == 3


def test_import_resumes_after_interruption_without_duplicates(setup, tmp_path):
    members = [(f"QT-VP-{n:02}_rev01.docx", docx(f"doc {n}")) for n in range(1, 6)]
    source = write_zip(tmp_path / "set.zip", members)
    batch = batch_plan(actor=setup["officer"], source=source)

    calls = []

    def stop_after_first_chunk(b):
        calls.append(b.position)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch_run(batch, actor=setup["officer"], chunk=2, progress=stop_after_first_chunk)
    assert Document.objects.count() == 2
    batch.refresh_from_db()
    assert batch.position == 2
    batch_run(batch, actor=setup["officer"], chunk=2)
    assert Document.objects.count() == 5 and DocumentVersion.objects.count() == 5


def test_inferred_names_and_numbers_reserved_in_series(setup, tmp_path):
    folder = tmp_path / "set"
    (folder / "Kiểm soát tài liệu").mkdir(parents=True)
    (folder / "Kiểm soát tài liệu" / "QT-VP-07_rev02.docx").write_bytes(docx())
    (folder / "VP-only.pdf").write_bytes(pdf())
    batch = batch_plan(actor=setup["officer"], source=folder)
    row = next(r for r in plan_of(batch) if r["number"] == "QT-VP-07")
    assert row["revision"] == 2 and row["title"] == "Kiểm soát tài liệu" and row["action"] == "create"
    assert any("inferred from the file name" in w for w in row["warnings"])
    bad = next(r for r in plan_of(batch) if r["file"] == "VP-only.pdf")
    assert bad["action"] == "error" and "no number" in bad["message"]
    batch_run(batch, actor=setup["officer"])
    from django.db import transaction

    with transaction.atomic():
        new = number_next(doc_type=setup["type"], department=setup["dept"], year=2026)
    assert new == "QT-VP-08"  # 01..07 are reserved by the import


def test_number_off_pattern_is_kept_with_a_warning_and_clash_is_an_error(setup, tmp_path):
    from tests.documents.factories import make_document

    existing = make_document(officer=setup["officer"], department=setup["dept2"], doc_type=setup["type"])
    source = write_zip(tmp_path / "s.zip", [("a.docx", docx()), ("b.docx", docx("b"))])
    master = tmp_path / "list.csv"
    master.write_text(
        "number;title;type;department;revision;effective date;file\n"
        "QT/VP/2020/1;Cũ;QT;VP;1;01/02/2020;a.docx\n"
        f"{existing.number};Trùng;QT;VP;1;01/02/2020;b.docx\n",
        encoding="utf-8",
    )
    batch = batch_plan(actor=setup["officer"], source=source, master_list=master)
    rows = {r["number"]: r for r in plan_of(batch)}
    assert rows["QT/VP/2020/1"]["action"] == "create"
    assert any("does not follow the type's pattern" in w for w in rows["QT/VP/2020/1"]["warnings"])
    assert rows[existing.number]["action"] == "error" and "number clash" in rows[existing.number]["message"]


def test_command_dry_run_and_import(setup, tmp_path, capsys):
    source = write_zip(tmp_path / "s.zip", [("QT-VP-03_rev01.docx", docx())])
    report = tmp_path / "report.csv"
    call_command("import_documents", str(source), "--dry-run", "--as", "officer", "--report", str(report))
    assert "create" in capsys.readouterr().out and not Document.objects.exists()
    assert "QT-VP-03" in report.read_text(encoding="utf-8-sig")
    call_command("import_documents", str(source), "--as", "officer")
    assert Document.objects.get().number == "QT-VP-03"
