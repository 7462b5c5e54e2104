"""REST API: the public read-only catalogue and the officers' writes through the services."""

import pytest

from procedures.models import AdministrativeProcedure

pytestmark = pytest.mark.django_db


def test_public_api_lists_published_content_only(client, world):
    # when
    listing = client.get("/api/v1/procedures/public/", {"q": "cap ban sao"})
    detail = client.get("/api/v1/procedures/public/1.005090/")
    # then
    assert listing.status_code == 200
    assert [p["code"] for p in listing.json()["results"]] == ["1.005090"]
    content = detail.json()["content"]
    assert content["name"] == "Cấp bản sao bằng tốt nghiệp từ sổ gốc"
    assert [s["order"] for s in content["steps"]] == [1, 2, 3]
    assert "internal_notes" not in content
    assert client.get("/api/v1/procedures/public/9.999999/").status_code == 404


def test_officer_creates_publishes_and_is_refused_an_illegal_action(client, world):
    client.force_login(world.officer)
    payload = {
        "code": "1.000111",
        "name": "Thủ tục qua API",
        "field": world.field.pk,
        "level": "provincial",
        "implementing_body": "Sở Giáo dục và Đào tạo",
        "department": world.department.pk,
        "processing_time": "3",
        "processing_time_unit": "working_days",
        "result": "Văn bản trả lời",
        "legal_basis": [world.law.pk],
        "components": [{"name": "Đơn", "copy_kind": "original", "copies": 1, "form": world.form.pk}],
        "steps": [{"name": "Tiếp nhận", "department": world.department.pk, "time_limit": "1"}],
    }
    # when
    created = client.post("/api/v1/procedures/", payload, content_type="application/json")
    pk = created.json()["id"]
    published = client.post(
        f"/api/v1/procedures/{pk}/transition/", {"action": "publish"}, content_type="application/json"
    )
    again = client.post(
        f"/api/v1/procedures/{pk}/transition/", {"action": "publish"}, content_type="application/json"
    )
    duplicate = client.post("/api/v1/procedures/", payload, content_type="application/json")
    bad = client.patch(
        f"/api/v1/procedures/{pk}/", {"processing_time": "-1"}, content_type="application/json"
    )
    legal_not_external = client.patch(
        f"/api/v1/procedures/{pk}/", {"legal_basis": [world.form.pk]}, content_type="application/json"
    )
    # then
    assert created.status_code == 201, created.json()
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert again.status_code == 409
    assert duplicate.status_code == 400 and "code" in duplicate.json()
    assert bad.status_code == 400
    assert legal_not_external.status_code == 400
    assert AdministrativeProcedure.objects.get(pk=pk).legal_basis.get() == world.law
    assert client.get("/api/v1/procedures/public/1.000111/").status_code == 200
