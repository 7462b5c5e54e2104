"""Who sees which audit: one selector, the same answer in the UI, the API and downloads."""

import pytest
from django.urls import reverse

from audits import selectors, services
from audits.models import ChecklistTemplate
from tests.audits.factories import make_audit, qualified_auditor
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory, make_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    audited = DepartmentFactory(code="TC", name="Phòng Tổ chức")
    other = DepartmentFactory(code="KT", name="Phòng Kế toán")
    lead = qualified_auditor(departments=[other])
    template = ChecklistTemplate.objects.create(title="T", created_by=lead)
    template.questions.create(order=1, text="Q1")
    audit = make_audit(lead=lead, departments=[audited], template=template, status="in_progress")
    item = audit.checklist.get()
    evidence = services.evidence_attach(actor=lead, item=item, uploaded=make_upload("bang-chung.pdf"))
    services.report_issue(actor=lead, audit=audit, password=PASSWORD, summary="S", conclusion="C")
    people = {
        "officer": UserFactory(officer=True, departments=[other]),
        "auditor": UserFactory(auditor=True, departments=[other]),
        "lead": lead,
        "auditee": UserFactory(staff=True, departments=[audited]),
        "staff": UserFactory(staff=True, departments=[other]),
        "approver": UserFactory(approver=True, departments=[other]),
    }
    return audit, evidence, people


# role -> (sees the audit, its report and findings; sees the checklist and evidence)
MATRIX = {
    "officer": (True, True),
    "auditor": (True, True),
    "lead": (True, True),
    "auditee": (True, False),
    "staff": (False, False),
    "approver": (False, False),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix_in_selectors(world, role):
    audit, _evidence, people = world
    user = people[role]
    sees, sees_checklist = MATRIX[role]
    assert selectors.audit_list_visible_to(user).filter(pk=audit.pk).exists() is sees
    if sees:
        assert selectors.user_may_see_checklist(user, audit) is sees_checklist


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix_over_http(client, world, role):
    # given
    audit, evidence, people = world
    client.force_login(people[role])
    sees, sees_checklist = MATRIX[role]
    ok = {True: 200, False: 404}
    # then
    assert client.get(reverse("audits:detail", args=[audit.pk])).status_code == ok[sees]
    assert client.get(reverse("audits:report_pdf", args=[audit.pk])).status_code == ok[sees]
    assert client.get(f"/api/v1/audits/{audit.pk}/").status_code == ok[sees]
    assert client.get(reverse("audits:checklist", args=[audit.pk])).status_code == ok[sees_checklist]
    assert client.get(reverse("audits:evidence", args=[evidence.pk])).status_code == ok[sees_checklist]
    api_list = client.get("/api/v1/audits/").json()
    assert [a["reference"] for a in api_list["results"]] == ([audit.reference] if sees else [])


def test_staff_have_no_audit_menu_and_the_list_is_404(client, world):
    _audit, _evidence, people = world
    client.force_login(people["staff"])
    assert client.get(reverse("audits:list")).status_code == 404
    assert client.get(reverse("audits:programmes")).status_code == 404


def test_the_auditee_sees_findings_but_not_working_papers(client, world):
    audit, _evidence, people = world
    client.force_login(people["auditee"])
    page = client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert audit.reference in page
    assert reverse("audits:checklist", args=[audit.pk]) not in page
    assert client.get(f"/api/v1/audits/checklist-items/?audit={audit.pk}").status_code == 404


def test_the_auditee_reads_the_report_only_once_issued(client):
    # given
    from audits import services

    department = DepartmentFactory(code="TC")
    auditee = UserFactory(staff=True, departments=[department])
    audit = make_audit(departments=[department], status="in_progress")
    services.report_save_draft(
        actor=audit.lead_auditor, audit=audit, summary="Bản nháp nội bộ", conclusion="C"
    )
    client.force_login(auditee)
    # then
    assert "Bản nháp nội bộ" not in client.get(reverse("audits:report", args=[audit.pk])).content.decode()
    assert client.get(f"/api/v1/audits/{audit.pk}/report/").status_code == 404
    services.report_issue(actor=audit.lead_auditor, audit=audit, password=PASSWORD)
    assert "Bản nháp nội bộ" in client.get(reverse("audits:report", args=[audit.pk])).content.decode()
    assert client.get(f"/api/v1/audits/{audit.pk}/report/").json()["summary"] == "Bản nháp nội bộ"
