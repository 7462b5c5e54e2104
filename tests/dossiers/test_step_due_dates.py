"""An officer's edit of the working calendar moves the due dates of the unfinished steps
whose time limit runs over the day edited, in the same change as the dossiers' due dates;
a step's due date given by the one-stop system, and a finished step, keep theirs."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers import services
from dossiers.models import CalendarException, Dossier, DossierStep, Outcome
from tests.dossiers import factories as f

pytestmark = pytest.mark.django_db

# Procedure 1.005090: 5 working days; "Thẩm định" 3 working days. Tết 2027: 4-10 Feb off.
EXPORT = (
    "dossier_code,procedure_code,received_at,returned_at,event,step,department,started_at,finished_at,step_due_at\n"
    "HS-OPEN,1.005090,2027-02-03 09:00,,,,,,,\n"
    "HS-OPEN,,,,step,Thẩm định,KT,2027-02-11 09:00,,\n"
    "HS-GIVEN,1.005090,2027-02-03 09:00,,,,,,,\n"
    "HS-GIVEN,,,,step,Thẩm định,KT,2027-02-11 09:00,,2027-02-16 09:00\n"
    "HS-DONE,1.005090,2027-02-03 09:00,,,,,,,\n"
    "HS-DONE,,,,step,Thẩm định,KT,2027-02-11 09:00,2027-02-15 16:00,\n"
)


@pytest.fixture
def officer():
    f.department("KT", "Phòng Khảo thí")
    f.procedure("1.005090", days="5", steps=[("Tiếp nhận", "0.5"), ("Thẩm định", "3")])
    actor = f.officer()
    upload = SimpleUploadedFile("export.csv", EXPORT.encode(), content_type="text/csv")
    assert services.dossier_import_file(actor=actor, uploaded=upload).errors == []
    return actor


def _step(code):
    return DossierStep.objects.get(dossier__code=code, step="Thẩm định")


def test_a_new_day_off_moves_an_open_steps_due_date_by_one_working_day(officer):
    # given: 3 working days after Thu 11 Feb are Fri 12, Mon 15, Tue 16
    assert _step("HS-OPEN").due_at == f.at(2027, 2, 16, 9)
    assert _step("HS-DONE").outcome == Outcome.EARLY
    # when: the agency takes Friday 12 February off
    change = services.calendar_exception_set(actor=officer, date=f.at(2027, 2, 12).date(), kind="day_off")
    # then: the open step is due on Wed 17, in the same change as the dossiers' due dates
    assert change.steps_moved == 1
    assert change.dossiers_moved == 3
    assert _step("HS-OPEN").due_at == f.at(2027, 2, 17, 9)
    assert Dossier.objects.get(code="HS-OPEN").due_at == f.at(2027, 2, 18, 9)
    # the due date the one-stop system gave, and the finished step, keep theirs
    assert _step("HS-GIVEN").due_at == f.at(2027, 2, 16, 9)
    done = _step("HS-DONE")
    assert (done.due_at, done.outcome) == (f.at(2027, 2, 16, 9), Outcome.EARLY)
    record = _step("HS-OPEN").history.first()
    assert (record.history_user, record.history_change_reason) == (officer, "calendar")


def test_a_compensatory_saturday_pulls_it_back_and_removing_the_day_off_too(officer):
    services.calendar_exception_set(actor=officer, date=f.at(2027, 2, 12).date(), kind="day_off")
    # when: Saturday 13 February is worked to make up (13, 15, 16)
    change = services.calendar_exception_set(actor=officer, date=f.at(2027, 2, 13).date(), kind="working_day")
    assert change.steps_moved == 1
    assert _step("HS-OPEN").due_at == f.at(2027, 2, 16, 9)
    # when: the day off is removed (12, 13, 15)
    day_off = CalendarException.objects.get(date=f.at(2027, 2, 12).date())
    change = services.calendar_exception_delete(actor=officer, exception=day_off)
    assert change.steps_moved == 1
    assert _step("HS-OPEN").due_at == f.at(2027, 2, 15, 9)
    assert _step("HS-GIVEN").due_at == f.at(2027, 2, 16, 9)


def test_a_day_before_the_step_started_moves_no_step(officer):
    change = services.calendar_exception_set(actor=officer, date=f.at(2027, 2, 3).date(), kind="day_off")
    assert change.steps_moved == 0
    assert _step("HS-OPEN").due_at == f.at(2027, 2, 16, 9)


def test_the_calendar_page_tells_how_many_step_due_dates_changed(officer, client):
    client.force_login(officer)
    response = client.post(
        reverse("dossiers:calendar"), {"date": "2027-02-12", "kind": "day_off", "note": ""}
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 unfinished step's due date changed." in texts
