"""The REST API walks a review through its lifecycle with the same rules as the pages."""

import pytest
from rest_framework.test import APIClient

from tests.documents.factories import PASSWORD, UserFactory
from tests.management_reviews.factories import head

pytestmark = pytest.mark.django_db


def test_plan_prepare_decide_hold_and_sign_through_the_api(db):
    officer, chair, owner = UserFactory(officer=True), head(), UserFactory(staff=True)
    api = APIClient()
    api.force_authenticate(officer)
    # bad input: 400 with field errors, nothing saved
    bad = api.post(
        "/api/v1/management-reviews/",
        {
            "title": "",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
            "meeting_date": "x",
            "chair": owner.pk,
        },
        format="json",
    )
    assert bad.status_code == 400 and {"title", "meeting_date", "chair"} <= set(bad.json())
    assert api.get("/api/v1/management-reviews/").json()["count"] == 0
    # plan and prepare
    created = api.post(
        "/api/v1/management-reviews/",
        {
            "title": "Xem xét của lãnh đạo 2026",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "meeting_date": "2027-01-15",
            "chair": chair.pk,
            "attendees": [owner.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    prepared = api.post(f"/api/v1/management-reviews/{pk}/prepare/")
    assert prepared.status_code == 200
    assert [s["key"] for s in prepared.json()["sections"]][:3] == ["a", "b", "c1"]
    assert api.post(f"/api/v1/management-reviews/{pk}/prepare/").status_code == 409
    # a decision
    decision = api.post(
        f"/api/v1/management-reviews/{pk}/decisions/",
        {
            "kind": "improvement",
            "description": "Số hoá sổ theo dõi",
            "owner": owner.pk,
            "due_date": "2027-03-31",
        },
        format="json",
    )
    assert decision.status_code == 201
    refused = api.post(
        f"/api/v1/management-reviews/{pk}/decisions/",
        {"kind": "improvement", "description": "Trễ", "owner": owner.pk, "due_date": "2020-01-01"},
        format="json",
    )
    assert refused.status_code == 400 and "due_date" in refused.json()
    assert (
        api.post(
            f"/api/v1/management-reviews/{pk}/hold/", {"conclusions": "Phù hợp"}, format="json"
        ).status_code
        == 200
    )
    # only the chair signs, with the right password
    assert (
        api.post(f"/api/v1/management-reviews/{pk}/sign/", {"password": PASSWORD}, format="json").status_code
        == 404
    )
    api.force_authenticate(chair)
    wrong = api.post(f"/api/v1/management-reviews/{pk}/sign/", {"password": "nope"}, format="json")
    assert wrong.status_code == 403 and "password" in wrong.json()
    signed = api.post(f"/api/v1/management-reviews/{pk}/sign/", {"password": PASSWORD}, format="json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert len(signed.json()["minutes_checksum"]) == 64
    # after signing: commentary refused (409), the owner completes the action
    api.force_authenticate(officer)
    late = api.post(
        f"/api/v1/management-reviews/{pk}/commentary/", {"key": "d", "commentary": "x"}, format="json"
    )
    assert late.status_code == 409
    api.force_authenticate(owner)
    mine = api.get("/api/v1/management-review-actions/?mine=1").json()["results"]
    assert [row["id"] for row in mine] == [decision.json()["id"]]
    done = api.post(
        f"/api/v1/management-review-actions/{mine[0]['id']}/complete/",
        {"completion_note": "Đã làm"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_the_schema_documents_the_management_review_api(db):
    api = APIClient()
    api.force_authenticate(UserFactory(officer=True))
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/management-reviews/{id}/sign/" in schema["paths"]
    assert "/api/v1/management-review-actions/{id}/complete/" in schema["paths"]
