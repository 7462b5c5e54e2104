"""Route templates over the REST API: officers keep them, others only read them."""

import pytest
from django.contrib.auth.models import Group

from approvals.models import ApprovalRoute, RouteTemplate
from organisation.roles import Role
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    make_document,
)

pytestmark = pytest.mark.django_db


def _payload(doc_type, department, reviewer):
    return {
        "name": "Quy trình phòng TC",
        "doc_type": doc_type.pk,
        "department": department.pk,
        "stages": [
            {"name": "Xem xét", "meaning": "reviewed", "mode": "all", "users": [reviewer.pk]},
            {
                "name": "Phê duyệt",
                "meaning": "approved",
                "mode": "any",
                "group": Group.objects.get(name=Role.APPROVER).pk,
            },
        ],
    }


def test_officer_creates_a_template_that_new_drafts_copy(client):
    # given
    officer, reviewer = UserFactory(officer=True), UserFactory(approver=True)
    doc_type, department = DocumentTypeFactory(), DepartmentFactory(code="TC")
    client.login(username=officer.username, password=PASSWORD)
    # when
    response = client.post(
        "/api/v1/route-templates/", _payload(doc_type, department, reviewer), content_type="application/json"
    )
    # then
    assert response.status_code == 201, response.content
    assert [s["name"] for s in response.json()["stages"]] == ["Xem xét", "Phê duyệt"]
    version = make_document(officer=officer, doc_type=doc_type, department=department).versions.get()
    route = ApprovalRoute.objects.get(version=version)
    assert [(s.name, s.mode) for s in route.stages.order_by("position")] == [
        ("Xem xét", "all"),
        ("Phê duyệt", "any"),
    ]


def test_staff_reads_templates_but_cannot_write_them(client):
    staff = UserFactory(staff=True)
    client.login(username=staff.username, password=PASSWORD)
    before = RouteTemplate.objects.count()
    assert client.get("/api/v1/route-templates/").status_code == 200
    response = client.post(
        "/api/v1/route-templates/",
        _payload(DocumentTypeFactory(), DepartmentFactory(), staff),
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert RouteTemplate.objects.count() == before


def test_a_template_without_an_approving_signer_is_refused_with_field_errors(client):
    officer = UserFactory(officer=True)
    client.login(username=officer.username, password=PASSWORD)
    response = client.post(
        "/api/v1/route-templates/", {"name": "", "stages": [{"name": "X"}]}, content_type="application/json"
    )
    assert response.status_code == 400
