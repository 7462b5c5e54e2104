import pytest

from audits.models import Audit
from tests.audits.factories import add_finding, make_audit, qualified_auditor
from tests.documents.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _payload(department, lead, **extra):
    data = {
        "title": "Đánh giá nội bộ",
        "departments": [department.pk],
        "planned_start": "2026-03-10",
        "planned_end": "2026-03-11",
        "lead_auditor": lead.pk,
    }
    data.update(extra)
    return data


def test_api_refuses_an_auditor_of_their_own_department_with_400(client):
    # given
    department = DepartmentFactory(code="TC")
    insider = qualified_auditor(departments=[department])
    lead = qualified_auditor()
    client.force_login(lead)
    # when
    response = client.post(
        "/api/v1/audits/", _payload(department, lead, team=[insider.pk]), content_type="application/json"
    )
    # then
    assert response.status_code == 400
    assert "cannot audit their own department" in str(response.json()["team"])
    assert not Audit.objects.exists()


def test_api_plans_an_audit_with_a_reference_and_warnings(client):
    department = DepartmentFactory(code="TC")
    lead = qualified_auditor()
    novice = UserFactory(auditor=True)
    client.force_login(lead)
    response = client.post(
        "/api/v1/audits/", _payload(department, lead, team=[novice.pk]), content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == "IA-2026-01" and body["status"] == "planned"
    assert len(body["warnings"]) == 1


def test_api_staff_cannot_plan(client):
    client.force_login(UserFactory(staff=True))
    response = client.post(
        "/api/v1/audits/", _payload(DepartmentFactory(), qualified_auditor()), content_type="application/json"
    )
    assert response.status_code == 404


def test_api_illegal_transition_is_409(client):
    audit = make_audit(status="in_progress")
    client.force_login(audit.lead_auditor)
    assert client.post(f"/api/v1/audits/{audit.pk}/start/").status_code == 409


def test_api_issue_with_wrong_password_is_403_and_nothing_changes(client):
    audit = make_audit(status="in_progress")
    client.force_login(audit.lead_auditor)
    response = client.post(
        f"/api/v1/audits/{audit.pk}/issue-report/",
        {"password": "wrong", "summary": "S", "conclusion": "C"},
        content_type="application/json",
    )
    assert response.status_code == 403 and "password" in response.json()
    audit.refresh_from_db()
    assert audit.status == "in_progress"


def test_api_findings_are_frozen_after_reporting(client):
    audit = make_audit(status="in_progress")
    finding = add_finding(audit)
    client.force_login(audit.lead_auditor)
    client.post(
        f"/api/v1/audits/{audit.pk}/issue-report/",
        {"password": "correct-horse-42", "summary": "S", "conclusion": "C"},
        content_type="application/json",
    )
    response = client.patch(
        f"/api/v1/audits/findings/{finding.pk}/", {"statement": "rewritten"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert client.delete(f"/api/v1/audits/findings/{finding.pk}/").status_code == 409


def test_api_answers_a_checklist_item_and_coverage(client):
    from audits.models import ChecklistTemplate

    lead = qualified_auditor()
    template = ChecklistTemplate.objects.create(title="T", created_by=lead)
    template.questions.create(order=1, text="Q")
    audit = make_audit(lead=lead, template=template, status="in_progress")
    item = audit.checklist.get()
    client.force_login(lead)
    response = client.patch(
        f"/api/v1/audits/checklist-items/{item.pk}/",
        {"result": "observation", "evidence": "Ghi chú"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["result"] == "observation"
    assert client.get("/api/v1/audits/clauses/").json()[0]["number"] == "4"
