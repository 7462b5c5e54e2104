"""REST API: the same rules as the pages (password in the body, 404 for what you cannot see,
409 for a decision out of turn, 403 for a refused signature password, 400 for bad input)."""

import pytest
from rest_framework.test import APIClient

from approvals.models import Acknowledgement, ChangeRequest, Signature
from documents import services as document_services
from documents.workflow import DocumentStatus
from tests.approvals.factories import make_effective_document
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory, make_document

pytestmark = pytest.mark.django_db
API = "/api/v1"


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_route_read_update_and_sign_by_api():
    officer = UserFactory(officer=True)
    reviewer, approver = UserFactory(approver=True), UserFactory(approver=True)
    version = make_document(officer=officer).versions.get()
    body = {
        "stages": [
            {"name": "Xem xét", "meaning": "reviewed", "mode": "any", "users": [reviewer.pk]},
            {"name": "Phê duyệt", "meaning": "approved", "mode": "all", "users": [approver.pk]},
        ]
    }
    assert (
        api_for(approver).put(f"{API}/approval-routes/{version.pk}/", body, format="json").status_code == 404
    )
    response = api_for(officer).put(f"{API}/approval-routes/{version.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert [s["name"] for s in response.json()["stages"]] == ["Xem xét", "Phê duyệt"]
    document_services.version_submit(actor=officer, version=version)
    route = api_for(reviewer).get(f"{API}/approval-routes/{version.pk}/").json()
    assert (route["round"], route["active_stage"]) == (1, 1)
    assert [t["version"] for t in api_for(reviewer).get(f"{API}/approval-tasks/").json()] == [version.pk]
    # out of turn: 409; wrong password: 403 on password (a refused signature); missing comment: 400
    sign = f"{API}/approval-routes/{version.pk}/sign/"
    assert api_for(approver).post(sign, {"decision": "approve", "password": PASSWORD}).status_code == 409
    wrong = api_for(reviewer).post(sign, {"decision": "approve", "password": "x"})
    assert wrong.status_code == 403 and "password" in wrong.json()
    assert api_for(reviewer).post(sign, {"decision": "reject", "password": PASSWORD}).status_code == 400
    signed = api_for(reviewer).post(sign, {"decision": "approve", "password": PASSWORD})
    assert signed.status_code == 201 and signed.json()["meaning"] == "reviewed"
    assert api_for(approver).post(sign, {"decision": "approve", "password": PASSWORD}).status_code == 201
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    listed = api_for(UserFactory(staff=True)).get(f"{API}/signatures/", {"version": version.pk}).json()
    assert [s["decision"] for s in listed["results"]] == ["approve", "approve"]


def test_signatures_cannot_be_written_through_the_api():
    document = make_effective_document()
    signature = Signature.objects.get(version__document=document)
    client = api_for(UserFactory(officer=True))
    assert client.post(f"{API}/signatures/", {}).status_code == 405
    assert client.patch(f"{API}/signatures/{signature.pk}/", {"comment": "x"}).status_code == 405
    assert client.delete(f"{API}/signatures/{signature.pk}/").status_code == 405


def test_drafts_routes_are_hidden_from_staff():
    version = make_document().versions.get()
    staff = api_for(UserFactory(staff=True))
    assert staff.get(f"{API}/approval-routes/{version.pk}/").status_code == 404
    assert staff.get(f"{API}/approval-routes/").json()["count"] == 0


def test_withdraw_by_api():
    officer = UserFactory(officer=True)
    version = make_effective_document(officer=officer).versions.get()
    url = f"{API}/approval-routes/{version.pk}/withdraw/"
    assert api_for(officer).post(url, {"reason": "", "password": PASSWORD}).status_code == 400
    response = api_for(officer).post(url, {"reason": "Hết hiệu lực", "password": PASSWORD})
    assert response.status_code == 201 and response.json()["decision"] == "withdraw"
    version.refresh_from_db()
    assert version.status == DocumentStatus.OBSOLETE


def test_change_requests_and_acknowledgements_by_api():
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT")
    reader = UserFactory(staff=True, departments=[kt])
    document = make_document(officer=officer)
    from approvals.services import distribution_set

    distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    version = document.versions.get()
    document_services.version_submit(actor=officer, version=version)
    api_for(UserFactory(approver=True)).post(
        f"{API}/approval-routes/{version.pk}/sign/", {"decision": "approve", "password": PASSWORD}
    )
    mine = api_for(reader).get(f"{API}/acknowledgements/", {"status": "open"}).json()["results"]
    assert [a["version"] for a in mine] == [version.pk]
    assert api_for(reader).get(f"{API}/acknowledgements/", {"status": "bogus"}).status_code == 400
    done = api_for(reader).post(f"{API}/acknowledgements/{mine[0]['id']}/acknowledge/")
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"
    assert (
        api_for(UserFactory(staff=True))
        .post(f"{API}/acknowledgements/{mine[0]['id']}/acknowledge/")
        .status_code
        == 404
    )
    completion = api_for(officer).get(f"{API}/acknowledgements/completion/", {"document": document.pk}).json()
    assert completion == [{"department": "KT", "total": 1, "acknowledged": 1, "percent": 100}]
    assert (
        api_for(reader).get(f"{API}/acknowledgements/completion/", {"document": document.pk}).status_code
        == 404
    )
    # change request: reader proposes, officer declines without reason (400) then accepts
    created = api_for(reader).post(
        f"{API}/change-requests/",
        {"document": document.pk, "what": "Thêm bước", "why": "Thiếu"},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api_for(officer).post(f"{API}/change-requests/{pk}/decline/", {"reason": ""}).status_code == 400
    assert api_for(reader).post(f"{API}/change-requests/{pk}/accept/").status_code == 404
    accepted = api_for(officer).post(f"{API}/change-requests/{pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["resulting_version"]
    assert api_for(officer).post(f"{API}/change-requests/{pk}/accept/").status_code == 409
    assert ChangeRequest.objects.get().status == "accepted"
    assert Acknowledgement.objects.count() == 1
