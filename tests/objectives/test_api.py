"""The objectives and risks REST API: the same services, 201/400/404/409, nothing half-saved."""

import datetime

import pytest

from objectives.models import Objective
from risks.models import Risk
from tests.objectives.factories import YEAR, People

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return People()


def test_officer_sets_an_objective_with_its_plan_owner_measures(client, people):
    client.force_login(people.officer)
    payload = {
        "year": YEAR - 1,
        "department": people.department.pk,
        "statement": "Trả kết quả đúng hạn",
        "indicator_name": "Tỷ lệ đúng hạn",
        "unit": "%",
        "target": "95",
        "threshold": "90",
        "owner": people.owner.pk,
        "plan": [
            {"what": "Sổ theo dõi", "resources": "", "responsible": "VP", "due_date": f"{YEAR - 1}-03-31"}
        ],
    }
    created = client.post("/api/v1/objectives/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], len(body["plan_items"])) == ("not_measured", 1)
    client.force_login(people.owner)
    measured = client.post(
        f"/api/v1/objectives/{body['id']}/measure/",
        {"period_start": f"{YEAR - 1}-01-01", "value": "88"},
        content_type="application/json",
    )
    assert measured.status_code == 200
    assert (measured.json()["status"], measured.json()["latest_value"]) == ("missed", "88.00")
    opened = client.post(
        f"/api/v1/objectives/{body['id']}/open-nonconformity/", {}, content_type="application/json"
    )
    assert opened.status_code == 201 and opened.json()["number"].startswith("NC-")


def test_bad_objective_input_is_a_400_with_the_field_and_saves_nothing(client, people):
    client.force_login(people.officer)
    base = {"year": YEAR, "statement": "x", "indicator_name": "y", "target": "95", "owner": people.owner.pk}
    for bad in ({"threshold": "99"}, {"target": "nhiều"}, {"year": 1900}, {"indicator_key": "nope"}):
        answer = client.post("/api/v1/objectives/", {**base, **bad}, content_type="application/json")
        assert answer.status_code == 400, bad
        assert set(answer.json()) & {"threshold", "target", "year", "indicator_key", "errors", "detail"}
    wrong_period = client.post("/api/v1/objectives/", base, content_type="application/json").json()["id"]
    answer = client.post(
        f"/api/v1/objectives/{wrong_period}/measure/",
        {"period_start": f"{YEAR}-01-15", "value": "1"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert Objective.objects.count() == 1
    client.force_login(people.owner)
    assert client.post("/api/v1/objectives/", base, content_type="application/json").status_code == 404


def test_risk_api_register_filter_and_refuse(client, people):
    client.force_login(people.officer)
    payload = {
        "title": "Mất dữ liệu",
        "department": people.department.pk,
        "description": "Không sao lưu",
        "likelihood": 2,
        "impact": 5,
        "owner": people.owner.pk,
        "next_review_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
    }
    created = client.post("/api/v1/risks/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert (created.json()["rating"], created.json()["number"][:3]) == (10, "RR-")
    for bad in ({"likelihood": 6}, {"residual_likelihood": 2}, {"title": ""}, {"department": 999999}):
        assert (
            client.post("/api/v1/risks/", {**payload, **bad}, content_type="application/json").status_code
            == 400
        )
    assert Risk.objects.count() == 1
    assert client.get("/api/v1/risks/?rating_min=10").json()["count"] == 1
    assert client.get("/api/v1/risks/?rating_min=11").json()["count"] == 0
    assert client.get("/api/v1/risks/?likelihood=abc").status_code == 400
    action = client.post(
        f"/api/v1/risks/{created.json()['id']}/transition/",
        {"action": "treat"},
        content_type="application/json",
    )
    assert action.status_code == 409 and "treatment action" in action.json()["detail"]
