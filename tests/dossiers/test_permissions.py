"""Who sees which dossier, in every representation: an expected table written by hand
(role x dossier x representation -> answer), walked through the pages, PDFs, API and the
public survey. Forbidden and missing look the same (404)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers import services
from dossiers.models import CalendarException, Dossier, DossierImport, OfficialFormTemplate, SurveyResponse
from organisation.roles import Role
from procedures.workflow import ProcedureStatus
from tests.dossiers import factories as f
from tests.dossiers.test_import import GOOD

pytestmark = pytest.mark.django_db

ROLES = ["officer", "approver", "member", "outsider"]
# HS-003 is late (returned after its deadline), HS-001 early; both belong to department KT.
# (route, dossier, method) -> answer per role, in ROLES order.
EXPECTED = {
    ("dossiers:detail", "HS-003", "get"): (200, 200, 200, 404),
    ("dossiers:slip_pdf", "HS-003", "get"): (200, 200, 200, 404),
    ("dossiers:receipt_pdf", "HS-001", "get"): (200, 200, 200, 404),
    ("dossiers:apology_pdf", "HS-003", "get"): (200, 200, 200, 404),
    ("dossiers:apology_pdf", "HS-001", "get"): (404, 404, 404, 404),  # not late
    ("dossiers:open_nonconformity", "HS-003", "post"): (302, 404, 404, 404),
    ("dossiers_api:dossier-detail", "HS-003", "api"): (200, 200, 200, 404),
    ("dossiers:import_detail", None, "get"): (200, 404, 404, 404),
    ("dossiers:calendar_delete", None, "post"): (302, 404, 404, 404),
    ("dossiers:form_template_edit", None, "get"): (200, 404, 404, 404),
    ("dossiers:response_nonconformity", None, "post"): (302, 404, 404, 404),
}
# Who reads the applicant's name (personal data): officers only.
SEES_APPLICANT = {"officer": True, "approver": False, "member": False, "outsider": False}


@pytest.fixture
def world():
    kt = f.department("KT", "Phòng Khảo thí")
    other = f.department("GDTH", "Phòng Giáo dục Tiểu học")
    procedure = f.procedure("1.005090", days="5", steps=[("Tiếp nhận", "0.5"), ("Thẩm định", "3")])
    people = {
        "officer": f.officer(),
        "approver": f.user("approver", role=Role.APPROVER),
        "member": f.user("member", role=Role.STAFF, departments=[kt]),
        "outsider": f.user("outsider", role=Role.STAFF, departments=[other]),
    }
    services.dossier_import_file(
        actor=people["officer"], uploaded=SimpleUploadedFile("e.csv", GOOD.encode(), content_type="text/csv")
    )
    return {"people": people, "procedure": procedure}


def _fresh_objects(officer):
    """Objects a write consumes, made again before each request."""
    survey_dossier = Dossier.objects.get(code="HS-002")
    SurveyResponse.objects.filter(dossier=survey_dossier).delete()
    from dossiers.selectors import survey_for

    survey = survey_for(survey_dossier.procedure)
    response = services.survey_submit(
        survey=survey, scores={q.pk: 1 for q in survey.questions.all()}, dossier=survey_dossier
    )
    return {
        "dossiers:import_detail": DossierImport.objects.first().pk,
        "dossiers:calendar_delete": CalendarException.objects.get_or_create(
            date=dt.date(2027, 1, 30), defaults={"kind": "working_day"}
        )[0].pk,
        "dossiers:response_nonconformity": response.pk,
        "dossiers:form_template_edit": OfficialFormTemplate.objects.get(key="control_slip").pk,
    }


def _answer(client, api, route, code, method, fresh):
    pk = Dossier.objects.get(code=code).pk if code else fresh[route]
    url = reverse(route, args=[pk])
    if method == "api":
        return api.get(url)
    if route == "dossiers:apology_pdf":
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        return client.get(url, {"new_due_date": tomorrow, "reason": "Chậm"})
    if method == "post":
        return client.post(url, {"severity": "minor"})
    return client.get(url)


def test_every_role_gets_the_expected_answer_on_every_representation(world, client):
    officer = world["people"]["officer"]
    got, want = {}, {}
    for index, role in enumerate(ROLES):
        person = world["people"][role]
        client.force_login(person)
        api = APIClient()
        api.force_authenticate(person)
        for (route, code, method), answers in EXPECTED.items():
            Dossier.objects.filter(code="HS-003").update(nonconformity=None)
            fresh = _fresh_objects(officer)
            response = _answer(client, api, route, code, method, fresh)
            got[(role, route, code)] = response.status_code
            want[(role, route, code)] = answers[index]
            if route == "dossiers:detail" and response.status_code == 200:
                assert ("Trần Thị B" in response.content.decode()) is False  # HS-002's applicant
                assert ("Lê C" in response.content.decode()) is SEES_APPLICANT[role], role
            if method == "api" and response.status_code == 200:
                assert (response.json()["applicant_name"] == "Lê C") is SEES_APPLICANT[role], role
    assert got == want


def test_lists_and_figures_only_count_what_the_user_may_see(world, client):
    outsider = world["people"]["outsider"]
    client.force_login(outsider)
    assert client.get(reverse("dossiers:dashboard")).status_code == 200
    page = client.get(reverse("dossiers:list"))
    assert "HS-001" not in page.content.decode()
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(reverse("dossiers_api:dossier-list")).json()["count"] == 0
    figures = api.get(
        reverse("dossiers_api:dossier-on-time"), {"start": "2027-01-01", "end": "2027-12-31"}
    ).json()
    assert figures["totals"]["total"] == 0
    client.force_login(world["people"]["member"])
    assert "HS-001" in client.get(reverse("dossiers:list")).content.decode()
    # Satisfaction results and the import page: not for staff.
    for name in ("dossiers:satisfaction", "dossiers:import", "dossiers:calendar"):
        assert client.get(reverse(name)).status_code == 404


def test_the_public_survey_opens_only_by_a_real_token_or_a_published_procedure(world, client):
    dossier = Dossier.objects.get(code="HS-001")
    assert client.get(reverse("public_survey_receipt", args=[dossier.survey_token])).status_code == 200
    assert client.get(reverse("public_survey_receipt", args=[str(dossier.pk)])).status_code == 404
    assert client.get(reverse("public_survey_receipt", args=["HS-001"])).status_code == 404
    procedure = world["procedure"]
    assert procedure.status == ProcedureStatus.DRAFT
    assert client.get(reverse("public_survey_procedure", args=[procedure.code])).status_code == 404
    assert client.get(reverse("public_survey_procedure", args=["9.999"])).status_code == 404
    # Nothing internal on the public page: no applicant, no department staff.
    page = client.get(reverse("public_survey_receipt", args=[dossier.survey_token])).content.decode()
    assert "Nguyễn Văn A" not in page
