"""The plan as rows (ImportRow): written in chunks as the dry run goes, decided a few
documents at a time, applied chunk by chunk, shown a page at a time, reported in full."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document, DocumentVersion
from tests.documents.factories import PASSWORD, DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, plan_of, write_zip
from transfer import planning
from transfer.models import ImportBatch
from transfer.planning import summary
from transfer.services import batch_open, batch_plan, batch_run, batch_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP")
    return UserFactory(officer=True, username="officer")


def _unnamed(path, count):
    """A ZIP of ``count`` files whose names say no number: each an error row, cheap to plan."""
    return write_zip(path, [(f"notes/ghichu{n:05d}.docx", b"x") for n in range(count)])


def test_dry_run_writes_its_rows_in_chunks_never_all_at_once(officer, tmp_path):
    # given a source of 2,500 rows, and an open batch
    source = _unnamed(tmp_path / "many.zip", 2500)
    batch = batch_open(actor=officer, source=str(source))
    stored = {}

    def progress(checked, total):
        stored[checked] = batch.rows.count()

    # when it is planned
    with CaptureQueriesContext(connection) as queries:
        total = planning.build_plan(str(source), batch=batch, progress=progress)
    # then the rows were in the database while the later ones were still being checked,
    # a thousand at a time
    assert stored[0] == 0 and stored[1000] == 1000 and stored[2400] == 2000
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "transfer_importrow"')]
    assert len(inserts) >= 3
    # and every row is there, numbered in order
    assert total == 2500 == batch.rows.count()
    assert list(batch.rows.order_by("position").values_list("position", flat=True)) == list(range(2500))
    assert summary(batch) == {"error": 2500}


def test_a_document_split_across_chunks_is_decided_as_one(officer, tmp_path, monkeypatch):
    # given the planner reads two rows at a time, and one document has three revisions
    # (the second one twice) beside another document
    monkeypatch.setattr(planning, "CHUNK", 2)
    source = write_zip(
        tmp_path / "set.zip",
        [
            ("QT-VP-01_rev03.docx", docx("3")),
            ("QT-VP-02_rev01.docx", docx("b")),
            ("QT-VP-01_rev01.docx", docx("1")),
            ("QT-VP-01_rev02.docx", docx("2")),
            ("again/QT-VP-01_rev02.docx", docx("2 again")),
        ],
    )
    # when it is planned
    batch = batch_plan(actor=officer, source=source)
    # then the batch has one history row, the dry run's
    assert [h.history_change_reason for h in batch.history.all()] == ["dry run"]
    # then each document's history is in order, the duplicate is an error, the last revision effective
    rows = [(r["number"], r["revision"], r["action"], r["status"]) for r in plan_of(batch)]
    assert rows == [
        ("QT-VP-01", 1, "create", "superseded"),
        ("QT-VP-01", 2, "add_revision", "superseded"),
        ("QT-VP-01", 3, "add_revision", "effective"),
        ("QT-VP-02", 1, "create", "effective"),
        ("QT-VP-01", 2, "error", ""),
    ]
    # and the import, two rows a chunk, applies exactly that
    batch_run(batch, actor=officer, chunk=2, texts=False)
    assert batch_summary(batch) == {"imported": 4, "skipped": 1, "failed": 0}
    assert list(
        DocumentVersion.objects.filter(document__number="QT-VP-01")
        .order_by("revision")
        .values_list("status", flat=True)
    ) == ["superseded", "superseded", "effective"]
    assert Document.objects.count() == 2


class _Stopped(Exception):
    pass


def test_import_stopped_midway_resumes_where_its_rows_say(officer, tmp_path):
    source = write_zip(tmp_path / "set.zip", [(f"QT-VP-{n:02d}.docx", docx(f"{n}")) for n in range(1, 6)])
    batch = batch_plan(actor=officer, source=source)

    def stop(batch):
        raise _Stopped

    # given the run stopped once its first chunk had committed
    with pytest.raises(_Stopped):
        batch_run(batch, actor=officer, chunk=2, progress=stop, texts=False)
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.position == 2 and Document.objects.count() == 2
    assert (
        list(batch.rows.order_by("position").values_list("outcome", flat=True)) == ["imported"] * 2 + [""] * 3
    )
    # when it is run again
    batch_run(batch, actor=officer, chunk=2, texts=False)
    # then the rest goes in, each row once
    assert batch_summary(batch) == {"imported": 5, "skipped": 0, "failed": 0}
    assert Document.objects.count() == 5


@pytest.fixture
def officer_client(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    return client


def test_batch_page_shows_a_page_of_rows_with_next_and_an_errors_filter(officer_client, officer, tmp_path):
    # given a plan of 150 errors and one document (with the warning of an inferred number)
    members = [(f"notes/ghichu{n:05d}.docx", b"x") for n in range(150)] + [("QT-VP-01_rev01.docx", docx())]
    batch = batch_plan(actor=officer, source=write_zip(tmp_path / "s.zip", members))
    url = reverse("transfer:batch", args=[batch.pk])
    # when the officer opens the batch page
    page = officer_client.get(url).content.decode()
    # then the summary, the first page of rows and a link to the next one
    assert "create 1" in page and "error 150" in page
    assert page.count("<tr>") == 1 + 100 and 'rel="next"' in page and "Page 1 of 2" in page
    assert "QT-VP-01" in page  # the document is the first row
    # the errors only: 150 rows, no document row
    errors = officer_client.get(url, {"show": "errors"}).content.decode()
    assert "QT-VP-01</td>" not in errors and 'rel="next"' in errors and "show=errors" in errors
    last = officer_client.get(url, {"show": "errors", "page": 2}).content.decode()
    assert last.count("<tr>") == 1 + 50 and 'rel="next"' not in last
    # the warnings only: the inferred document
    warnings = officer_client.get(url, {"show": "warnings"}).content.decode()
    assert warnings.count("<tr>") == 2 and "inferred from the file name" in warnings


def test_batch_page_refuses_an_unknown_filter(officer_client, officer, tmp_path):
    batch = batch_plan(actor=officer, source=_unnamed(tmp_path / "s.zip", 3))
    response = officer_client.get(reverse("transfer:batch", args=[batch.pk]), {"show": "everything"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_csv_report_streams_every_row(officer_client, officer, tmp_path):
    # given a plan of 2,500 rows, one of them a file whose name a spreadsheet would run
    members = [(f"notes/ghichu{n:05d}.docx", b"x") for n in range(2499)] + [("=cmd.docx", b"x")]
    batch = batch_plan(actor=officer, source=write_zip(tmp_path / "s.zip", members))
    # when the report is downloaded
    response = officer_client.get(reverse("transfer:batch_csv", args=[batch.pk]))
    # then it is streamed, and has the header and every row, the formula made harmless
    assert response.streaming
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0][:4] == ["line", "file", "action", "message"]
    assert len(lines) == 1 + 2500
    assert {line[1] for line in lines[1:]} >= {
        "notes/ghichu00000.docx",
        "notes/ghichu02498.docx",
        "'=cmd.docx",
    }
