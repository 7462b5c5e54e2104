"""Importing the one-stop export: idempotent, bad rows reported by line, the rest imported;
deadlines over Tết and supplementation pauses; the REST endpoint."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dossiers import services
from dossiers.models import Dossier, DossierImport, DossierStep, Outcome, Supplementation
from tests.dossiers import factories as f

pytestmark = pytest.mark.django_db

HEADER = "dossier_code,procedure_code,applicant_name,received_at,due_at,returned_at,event,step,department,started_at,finished_at,note\n"
GOOD = (
    HEADER
    + "HS-001,1.005090,Nguyễn Văn A,2027-02-03 09:00,,2027-02-12 10:00,,,,,,\n"
    + "HS-001,,,,,,step,Tiếp nhận,KT,2027-02-03 09:00,2027-02-03 10:00,\n"
    + "HS-001,,,,,,step,Thẩm định,KT,2027-02-03 10:00,2027-02-11 16:00,\n"
    + "HS-002,1.005090,Trần Thị B,2027-03-01 08:00,,2027-03-12 08:00,,,,,,\n"
    + "HS-002,,,,,,supplement,,,2027-03-02 08:00,2027-03-05 08:00,Thiếu bản sao\n"
    + "HS-003,1.005090,Lê C,2027-03-01 08:00,,2027-03-12 08:00,,,,,,\n"
)


@pytest.fixture
def setup():
    f.department("KT", "Phòng Khảo thí")
    proc = f.procedure("1.005090", days="5", steps=[("Tiếp nhận", "0.5"), ("Thẩm định", "3")])
    return f.officer(), proc


def _csv(text, name="export.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_due_dates_skip_tet_and_outcomes_follow(setup):
    actor, _proc = setup
    record = services.dossier_import_file(actor=actor, uploaded=_csv(GOOD))
    assert record.errors == []
    assert (record.rows_read, record.rows_imported, record.dossiers_touched) == (6, 6, 3)
    hs1 = Dossier.objects.get(code="HS-001")
    # Received Wed 3 Feb 2027, 5 working days: Thu 11, Fri 12, Mon 15, Tue 16, Wed 17.
    assert f.at(2027, 2, 17, 9) == hs1.due_at == hs1.deadline_at
    assert hs1.outcome == Outcome.EARLY
    assert hs1.applicant_name == "Nguyễn Văn A"
    steps = {s.step: s for s in DossierStep.objects.filter(dossier=hs1)}
    # Thẩm định: 3 working days from 3 Feb 10:00 -> Mon 15 Feb 10:00; finished 11 Feb: early.
    assert steps["Thẩm định"].due_at == f.at(2027, 2, 15, 10)
    assert steps["Thẩm định"].outcome == Outcome.EARLY
    assert steps["Tiếp nhận"].outcome == Outcome.ON_TIME


def test_supplementation_pauses_the_clock(setup):
    actor, _proc = setup
    services.dossier_import_file(actor=actor, uploaded=_csv(GOOD))
    paused, plain = Dossier.objects.get(code="HS-002"), Dossier.objects.get(code="HS-003")
    # Both received Mon 1 Mar 08:00, due Mon 8 Mar 08:00; both returned Fri 12 Mar.
    assert paused.due_at == plain.due_at == f.at(2027, 3, 8, 8)
    # Paused Tue 2 08:00 -> Fri 5 08:00: 3 working days = 24 working hours.
    assert paused.deadline_at == f.at(2027, 3, 11, 8)
    assert plain.outcome == Outcome.LATE and paused.outcome == Outcome.LATE
    assert Supplementation.objects.get(dossier=paused).reason == "Thiếu bản sao"


def test_the_same_file_twice_leaves_the_same_rows(setup):
    actor, _proc = setup
    services.dossier_import_file(actor=actor, uploaded=_csv(GOOD))
    before = list(
        Dossier.objects.order_by("code").values_list(
            "code", "due_at", "deadline_at", "outcome", "survey_token"
        )
    )
    counts = (DossierStep.objects.count(), Supplementation.objects.count())
    services.dossier_import_file(actor=actor, uploaded=_csv(GOOD))
    after = list(
        Dossier.objects.order_by("code").values_list(
            "code", "due_at", "deadline_at", "outcome", "survey_token"
        )
    )
    assert after == before
    assert (DossierStep.objects.count(), Supplementation.objects.count()) == counts == (2, 1)
    assert DossierImport.objects.count() == 2


def test_a_bad_row_is_reported_by_line_and_the_others_are_imported(setup):
    actor, _proc = setup
    text = (
        GOOD
        + "HS-004,9.999999,X,2027-03-01 08:00,,,,,,,,\n"
        + "HS-005,1.005090,Y,01/03/2027 08:00,,3/2027,,,,,,\n"
    )
    text += "HS-006,1.005090,Z,2027-03-01 08:00,,,,,,,,\n"
    record = services.dossier_import_file(actor=actor, uploaded=_csv(text))
    assert [e["line"] for e in record.errors] == [8, 9]
    assert "9.999999" in record.errors[0]["message"]
    assert "returned_at" in record.errors[1]["message"]
    assert set(Dossier.objects.values_list("code", flat=True)) == {"HS-001", "HS-002", "HS-003", "HS-006"}


def test_xlsx_is_read_like_csv_with_vietnamese_headers(setup):
    actor, _proc = setup
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã hồ sơ", "Mã TTHC", "Người nộp", "Ngày tiếp nhận", "Ngày trả kết quả"])
    sheet.append(["HS-X1", "1.005090", "Phạm D", f.at(2027, 3, 1, 8).replace(tzinfo=None), None])
    sheet.append(["HS-X2", "1.005090", "Phạm E", "ngày mai", None])
    data = io.BytesIO()
    book.save(data)
    record = services.dossier_import_file(
        actor=actor, uploaded=SimpleUploadedFile("export.xlsx", data.getvalue())
    )
    assert [e["line"] for e in record.errors] == [3]
    assert Dossier.objects.get(code="HS-X1").outcome == Outcome.PENDING


def test_refused_files_and_people(setup):
    actor, _proc = setup
    with pytest.raises(ValidationError):
        services.dossier_import_file(actor=actor, uploaded=_csv("a,b\n1,2\n"))
    with pytest.raises(ValidationError):
        services.dossier_import_file(actor=actor, uploaded=_csv(GOOD, name="export.txt"))
    with pytest.raises(ValidationError):
        services.dossier_import_file(
            actor=actor, uploaded=SimpleUploadedFile("x.csv", b"\xff\xfe" + "é".encode("latin-1") * 10)
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.dossier_import_file(actor=f.user("staff"), uploaded=_csv(GOOD))
    assert not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_batches_are_written_alongside_the_reading_with_the_same_results(setup):
    # given: batches of two rows, so that a dossier's events span batches, and no
    # transaction around the import (on PostgreSQL the batches go to a writer thread)
    from dossiers import importer

    actor, _proc = setup
    text = (
        GOOD
        + "HS-004,9.999999,X,2027-03-01 08:00,,,,,,,,\n"
        + "HS-005,,,,,,step,Thẩm định,KT,2027-03-01 08:00,,\n"
    )
    rows = list(importer.rows_from_csv(io.BytesIO(text.encode())))
    # when: imported twice
    first = importer.rows_import(rows, batch_rows=2)
    second = importer.rows_import(rows, batch_rows=2)
    # then: the same rows as one batch gives, the refusals by line, nothing duplicated
    assert [e["line"] for e in first.errors] == [8, 9] == [e["line"] for e in second.errors]
    assert "not known yet" in first.errors[1]["message"]
    assert (first.rows_imported, len(first.dossier_codes)) == (6, 3)
    hs1 = Dossier.objects.get(code="HS-001")
    assert f.at(2027, 2, 17, 9) == hs1.due_at and hs1.outcome == Outcome.EARLY
    assert DossierStep.objects.get(dossier=hs1, step="Thẩm định").due_at == f.at(2027, 2, 15, 10)
    assert Dossier.objects.get(code="HS-002").deadline_at == f.at(2027, 3, 11, 8)
    assert (Dossier.objects.count(), DossierStep.objects.count(), Supplementation.objects.count()) == (
        3,
        2,
        1,
    )


def test_a_step_given_twice_for_a_new_dossier_is_stored_once_with_the_last_values(setup):
    # given: a dossier not yet stored whose step comes twice in the file (corrected by the
    # one-stop system), in the batch that inserts the dossier
    actor, _proc = setup
    text = (
        HEADER
        + "HS-010,1.005090,Nguyễn Văn A,2027-02-03 09:00,,,,,,,,\n"
        + "HS-010,,,,,,step,Thẩm định,KT,2027-02-03 10:00,2027-02-04 16:00,\n"
        + "HS-010,,,,,,step,Thẩm định,KT,2027-02-03 10:00,2027-02-16 16:00,\n"
    )
    # when
    record = services.dossier_import_file(actor=actor, uploaded=_csv(text))
    # then: one step, the later row's end: late against its 3 working days (15 Feb 10:00)
    assert record.errors == []
    step = DossierStep.objects.get(dossier__code="HS-010")
    assert (step.finished_at, step.outcome) == (f.at(2027, 2, 16, 16), Outcome.LATE)
