"""The officer's pages and the public survey, through the test client."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dossiers import views
from dossiers.models import Dossier, OfficialFormTemplate, Outcome, SurveyResponse
from nonconformities.models import Nonconformity
from qms import paging
from tests.dossiers import factories as f
from tests.dossiers.test_import import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    f.department("KT", "Phòng Khảo thí")
    f.procedure("1.005090", days="5", steps=[("Tiếp nhận", "0.5"), ("Thẩm định", "3")])
    officer = f.officer()
    client.force_login(officer)
    return client


def _import(client, text):
    upload = SimpleUploadedFile("export.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("dossiers:import"), {"file": upload})


def test_import_page_reports_the_bad_line_and_the_dashboard_shows_the_rate(officer_client):
    response = _import(officer_client, GOOD + "HS-009,9.999999,X,2027-03-01 08:00,,,,,,,,\n")
    assert response.status_code == 302
    report = officer_client.get(response["Location"])
    assert "6 of 7 rows imported" in report.content.decode()
    assert "Unknown procedure code “9.999999”" in report.content.decode()
    page = officer_client.get(reverse("dossiers:dashboard"), {"start": "2027-01-01", "end": "2027-12-31"})
    assert page.status_code == 200
    # HS-001 early; HS-002 and HS-003 late: 1 of 3 on time.
    assert "33.3 %" in page.content.decode()
    assert (
        officer_client.get(
            reverse("dossiers:dashboard"), {"start": "2027-12-31", "end": "2027-01-01"}
        ).status_code
        == 400
    )


def test_a_late_dossier_opens_a_nonconformity_in_one_step(officer_client):
    _import(officer_client, GOOD)
    late = Dossier.objects.get(code="HS-003")
    response = officer_client.post(
        reverse("dossiers:open_nonconformity", args=[late.pk]), {"severity": "minor"}
    )
    late.refresh_from_db()
    nc = late.nonconformity
    assert response.status_code == 302 and response["Location"] == reverse(
        "nonconformities:detail", args=[nc.pk]
    )
    assert nc.source == Nonconformity.Source.PROCESS_MONITORING and "HS-003" in nc.title
    # Not twice, and never for a dossier on time.
    officer_client.post(reverse("dossiers:open_nonconformity", args=[late.pk]), {"severity": "minor"})
    early = Dossier.objects.get(code="HS-001")
    officer_client.post(reverse("dossiers:open_nonconformity", args=[early.pk]), {"severity": "minor"})
    assert Nonconformity.objects.count() == 1


def test_pdfs_of_a_dossier(officer_client):
    _import(officer_client, GOOD)
    late = Dossier.objects.get(code="HS-003")
    for name in ("dossiers:slip_pdf", "dossiers:receipt_pdf"):
        response = officer_client.get(reverse(name, args=[late.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    letter = officer_client.get(
        reverse("dossiers:apology_pdf", args=[late.pk]), {"new_due_date": tomorrow, "reason": "Thiếu cán bộ"}
    )
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    refused = officer_client.get(
        reverse("dossiers:apology_pdf", args=[late.pk]), {"new_due_date": "2000-01-01", "reason": "x"}
    )
    assert refused.status_code == 400


def test_the_receipt_survey_is_answered_once(client, officer_client):
    _import(officer_client, GOOD)
    dossier = Dossier.objects.get(code="HS-001")
    officer_client.logout()
    url = reverse("public_survey_receipt", args=[dossier.survey_token])
    page = client.get(url)
    assert page.status_code == 200 and "HS-001" in page.content.decode()
    form = page.context["form"]
    data = {f"q{q.pk}": "4" for q in form.questions} | {"token": form["token"].value(), "comment": "Tốt"}
    data[f"q{form.questions[0].pk}"] = "1"
    assert client.post(url, data).status_code == 302
    response = SurveyResponse.objects.get(dossier=dossier)
    assert response.comment == "Tốt" and response.average < 4
    again = client.post(url, data)
    assert "already been answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("public_survey_receipt", args=["not-a-token"])).status_code == 404


def test_a_bot_filling_the_honeypot_is_refused(client, officer_client):
    officer_client.logout()
    page = client.get(reverse("public_survey"))
    form = page.context["form"]
    data = {f"q{q.pk}": "5" for q in form.questions} | {
        "token": form["token"].value(),
        "website": "http://spam",
    }
    assert client.post(reverse("public_survey"), data).status_code == 400
    data.pop("website")
    data.pop(f"q{form.questions[0].pk}")
    assert client.post(reverse("public_survey"), data).status_code == 400
    assert not SurveyResponse.objects.exists()


def test_calendar_page_saves_a_compensatory_saturday(officer_client):
    response = officer_client.post(
        reverse("dossiers:calendar"), {"date": "2027-01-30", "kind": "working_day", "note": "Làm bù"}
    )
    assert response.status_code == 302
    assert officer_client.post(reverse("dossiers:calendar"), {"date": "x", "kind": "nope"}).status_code == 400
    page = officer_client.get(reverse("dossiers:calendar"))
    assert "Làm bù" in page.content.decode()


def test_outcome_constant_is_late_for_overdue_list(officer_client):
    _import(officer_client, GOOD)
    assert Dossier.objects.filter(outcome=Outcome.LATE).count() == 2
    page = officer_client.get(reverse("dossiers:list"), {"outcome": "late"})
    assert page.status_code == 200 and "HS-003" in page.content.decode()
    assert officer_client.get(reverse("dossiers:list"), {"outcome": "nope"}).status_code == 400


def test_a_step_late_more_than_the_threshold_in_a_month_opens_one_nc(officer_client, settings):
    from django.core.exceptions import ValidationError

    from dossiers import services
    from procedures.models import AdministrativeProcedure

    settings.QMS_LATE_STEP_THRESHOLD = 1
    rows = "".join(
        f"HS-L{n},1.005090,X,2027-03-0{n} 08:00,,2027-03-19 08:00,,,,,,\n"
        f"HS-L{n},,,,,,step,Thẩm định,KT,2027-03-0{n} 08:00,2027-03-12 08:00,\n"
        for n in (1, 2)
    )
    _import(
        officer_client,
        "dossier_code,procedure_code,applicant_name,received_at,due_at,returned_at,event,step,department,started_at,finished_at,note\n"
        + rows,
    )
    officer = Dossier.objects.first().department.members.model.objects.get(username="officer")
    procedure = AdministrativeProcedure.objects.get(code="1.005090")
    nc = services.late_step_open_nonconformity(
        actor=officer, procedure=procedure, step="Thẩm định", month=dt.date(2027, 3, 15)
    )
    assert nc.source == Nonconformity.Source.PROCESS_MONITORING and "2 times" in nc.title
    with pytest.raises(ValidationError):
        services.late_step_open_nonconformity(
            actor=officer, procedure=procedure, step="Thẩm định", month=dt.date(2027, 3, 1)
        )
    with pytest.raises(ValidationError):
        services.late_step_open_nonconformity(
            actor=officer, procedure=procedure, step="Tiếp nhận", month=dt.date(2027, 3, 1)
        )


def test_an_officer_renumbers_a_one_stop_form_and_the_slip_follows(officer_client):
    # given: the forms in force are seeded with today's Circular 01/2018/TT-VPCP labels
    _import(officer_client, GOOD)
    slip = OfficialFormTemplate.objects.get(key="control_slip")
    assert slip.number_label == "Mẫu số 05"
    listing = officer_client.get(reverse("dossiers:form_templates")).content.decode()
    assert "Mẫu số 05" in listing and "Mẫu số 04" in listing and "Mẫu số 01" in listing
    edit_url = reverse("dossiers:form_template_edit", args=[slip.pk])
    fields = {"number_label": "Mẫu số 07", "name": slip.name, "legal_basis": "Thông tư số 99/2030/TT-VPCP"}
    # when: a successor circular renumbers the slip; a text left empty is refused
    refused = officer_client.post(edit_url, {**fields, "body": "  "})
    saved = officer_client.post(edit_url, {**fields, "body": slip.body})
    # then
    assert refused.status_code == 400
    assert saved.status_code == 302
    slip.refresh_from_db()
    assert (slip.number_label, slip.legal_basis) == ("Mẫu số 07", "Thông tư số 99/2030/TT-VPCP")
    assert slip.history.first().history_change_reason == "form_template"
    pdf = officer_client.get(reverse("dossiers:slip_pdf", args=[Dossier.objects.get(code="HS-003").pk]))
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Mẫu số 07" in text and "Mẫu số 05" not in text


def test_the_list_shows_the_newest_received_first_and_pages_a_long_list_without_a_total(
    officer_client, monkeypatch
):
    # given three dossiers, two pages of two, and a list longer than the count limit
    _import(officer_client, GOOD)
    monkeypatch.setattr(views, "DOSSIERS_PER_PAGE", 2)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 1)
    # when
    first = officer_client.get(reverse("dossiers:list")).content.decode()
    second = officer_client.get(reverse("dossiers:list"), {"page": 2}).content.decode()
    # then: newest received first (HS-002 and HS-003 the same minute: in the order they came)
    assert first.index("HS-002") < first.index("HS-003") and "HS-001" not in first
    assert "Page 1" in first and "Page 1 of" not in first and 'rel="next"' in first
    assert "HS-001" in second and "HS-002" not in second and 'rel="next"' not in second
