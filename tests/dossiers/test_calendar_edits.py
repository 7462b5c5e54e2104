"""An officer's edit of the working calendar moves the due dates of the open dossiers whose
time runs over the day edited (around Tết 2027), and says how many moved."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers import services
from dossiers.models import CalendarException, Dossier
from tests.dossiers import factories as f

pytestmark = pytest.mark.django_db

# Procedure 1.005090: 5 working days. Received Wed 3 Feb 2027, the eve of Tết (4-10 Feb off).
EXPORT = (
    "dossier_code,procedure_code,applicant_name,received_at,due_at,returned_at\n"
    "HS-OPEN,1.005090,A,2027-02-03 09:00,,\n"
    "HS-RETURNED,1.005090,B,2027-02-03 09:00,,2027-02-12 10:00\n"
    "HS-GIVEN,1.005090,C,2027-02-03 09:00,2027-02-22 09:00,\n"
    "HS-LATER,1.005090,D,2027-03-01 08:00,,\n"
)


@pytest.fixture
def officer():
    f.department("KT", "Phòng Khảo thí")
    f.procedure("1.005090", days="5")
    actor = f.officer()
    upload = SimpleUploadedFile("export.csv", EXPORT.encode(), content_type="text/csv")
    assert services.dossier_import_file(actor=actor, uploaded=upload).errors == []
    return actor


def _due(code):
    return Dossier.objects.get(code=code).due_at


def test_a_day_off_after_tet_moves_only_the_open_computed_due_date(officer):
    # given: 5 working days after 3 Feb are Thu 11, Fri 12, Mon 15, Tue 16, Wed 17
    assert _due("HS-OPEN") == f.at(2027, 2, 17, 9)
    untouched = {code: _due(code) for code in ("HS-RETURNED", "HS-GIVEN", "HS-LATER")}
    # when: the agency takes Friday 12 February off
    change = services.calendar_exception_set(actor=officer, date=f.at(2027, 2, 12).date(), kind="day_off")
    # then: the open dossier is due a working day later; the returned one, the one whose
    # due date the one-stop system gave, and the one received after that day keep theirs
    assert change.dossiers_moved == 1
    moved = Dossier.objects.get(code="HS-OPEN")
    assert moved.due_at == moved.deadline_at == f.at(2027, 2, 18, 9)
    assert {code: _due(code) for code in untouched} == untouched
    record = moved.history.first()
    assert (record.history_user, record.history_change_reason) == (officer, "calendar")


def test_a_compensatory_saturday_and_removing_the_day_off_move_it_back(officer):
    services.calendar_exception_set(actor=officer, date=f.at(2027, 2, 12).date(), kind="day_off")
    # when: Saturday 13 February is worked to make up (11, 13, 15, 16, 17)
    change = services.calendar_exception_set(actor=officer, date=f.at(2027, 2, 13).date(), kind="working_day")
    assert change.dossiers_moved == 1
    assert _due("HS-OPEN") == f.at(2027, 2, 17, 9)
    # when: the day off is removed (11, 12, 13, 15, 16)
    day_off = CalendarException.objects.get(date=f.at(2027, 2, 12).date())
    change = services.calendar_exception_delete(actor=officer, exception=day_off)
    assert change.dossiers_moved == 1
    assert _due("HS-OPEN") == f.at(2027, 2, 16, 9)


def test_a_day_outside_every_open_dossiers_time_moves_none(officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        change = services.calendar_exception_set(actor=officer, date=f.at(2027, 1, 15).date(), kind="day_off")
    assert change.dossiers_moved == 0
    assert _due("HS-OPEN") == f.at(2027, 2, 17, 9)


def test_the_calendar_page_tells_the_officer_how_many_due_dates_changed(officer, client):
    client.force_login(officer)
    response = client.post(
        reverse("dossiers:calendar"), {"date": "2027-02-12", "kind": "day_off", "note": "Nghỉ"}
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 open dossier's due date changed." in texts
    assert _due("HS-OPEN") == f.at(2027, 2, 18, 9)
