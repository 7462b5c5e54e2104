"""Who sees and does what: the same selectors answer the UI, the API, the CSV and downloads."""

import pytest
from django.urls import reverse

from nonconformities import services
from nonconformities.workflow import NonconformityStatus
from tests.documents.factories import UserFactory, make_upload
from tests.nonconformities.factories import make_nc, report

pytestmark = pytest.mark.django_db

SEES = {
    "reporter": True,
    "head": True,
    "owner": True,
    "action_owner": True,
    "officer": True,
    "auditor": True,
    "approver": True,
    "stranger": False,
}


@pytest.fixture
def record(cast):
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    action = nc.actions.get()
    services.corrective_action_complete(
        actor=cast.action_owner, action=action, note="Sổ theo dõi", evidence=make_upload("so.pdf")
    )
    cast.approver = UserFactory(approver=True, username="approver")
    return nc, action


def _user(cast, name):
    return getattr(cast, name)


@pytest.mark.parametrize("who, sees", SEES.items())
def test_view_matrix(client, cast, record, who, sees):
    nc, action = record
    # given
    client.force_login(_user(cast, who))
    # when / then: the register, the record, the evidence, the CSV and the API agree
    listing = client.get(reverse("nonconformities:list"))
    assert (nc.number in listing.content.decode()) is sees
    assert client.get(reverse("nonconformities:detail", args=[nc.pk])).status_code == (200 if sees else 404)
    evidence = client.get(reverse("nonconformities:action_evidence", args=[action.pk]))
    assert evidence.status_code == (200 if sees else 404)
    if sees:
        assert b"".join(evidence.streaming_content).startswith(b"%PDF")
    csv = b"".join(client.get(reverse("nonconformities:export_csv")).streaming_content).decode("utf-8-sig")
    assert (nc.number in csv) is sees
    assert client.get(f"/api/v1/nonconformities/{nc.pk}/").status_code == (200 if sees else 404)
    assert client.get(f"/api/v1/corrective-actions/{action.pk}/evidence/").status_code == (
        200 if sees else 404
    )
    api_numbers = [row["number"] for row in client.get("/api/v1/nonconformities/").json()["results"]]
    assert (nc.number in api_numbers) is sees


def test_anonymous_users_see_nothing_but_the_login_page(client, record):
    nc, action = record
    for url in [
        reverse("nonconformities:list"),
        reverse("nonconformities:detail", args=[nc.pk]),
        reverse("nonconformities:action_evidence", args=[action.pk]),
        reverse("nonconformities:export_csv"),
        reverse("nonconformities:dashboard"),
        reverse("nonconformities:feedback_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.get(f"/api/v1/nonconformities/{nc.pk}/").status_code == 401


def test_staff_see_only_what_they_reported(client, cast, record):
    nc, _action = record
    mine = report(cast, actor=cast.stranger, title="Máy in hỏng")
    client.force_login(cast.stranger)
    page = client.get(reverse("nonconformities:list")).content.decode()
    assert mine.number in page
    assert nc.number not in page


HANDLES = {
    "owner": True,
    "head": True,
    "officer": True,
    "reporter": False,
    "action_owner": False,
    "auditor": False,
    "stranger": False,
}


@pytest.mark.parametrize("who, may", HANDLES.items())
def test_who_may_contain_through_the_ui(client, cast, who, may):
    nc = make_nc(cast, NonconformityStatus.OPEN)
    client.force_login(_user(cast, who))
    response = client.post(
        reverse("nonconformities:transition", args=[nc.pk, "contain"]), {"containment": "Tạm dừng tiếp nhận"}
    )
    nc.refresh_from_db()
    assert (nc.status == NonconformityStatus.CONTAINED) is may
    if who in ("stranger", "action_owner"):  # no action yet: the record is not theirs to see
        assert response.status_code == 404
    else:
        assert response.status_code == 302


@pytest.mark.parametrize("who, may", HANDLES.items())
def test_who_may_contain_through_the_api(client, cast, who, may):
    nc = make_nc(cast, NonconformityStatus.OPEN)
    client.force_login(_user(cast, who))
    response = client.post(
        f"/api/v1/nonconformities/{nc.pk}/contain/", {"containment": "x"}, content_type="application/json"
    )
    assert response.status_code == (200 if may else 404)
    assert (nc.history.count() == 2) is not may  # report + assign; a refusal records nothing
    if may:
        assert response.json()["status"] == "contained"


def test_the_api_answers_409_to_an_illegal_step_and_400_to_bad_input(client, cast):
    nc = make_nc(cast, NonconformityStatus.OPEN)
    client.force_login(cast.owner)
    assert client.post(f"/api/v1/nonconformities/{nc.pk}/plan/").status_code == 409
    bad = client.post(
        f"/api/v1/nonconformities/{nc.pk}/contain/", {"containment": ""}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "containment" in bad.json()


def test_the_api_reports_and_lists_available_actions(client, cast):
    client.force_login(cast.reporter)
    response = client.post(
        "/api/v1/nonconformities/",
        {
            "title": "Sai phí",
            "source": "feedback",
            "department": cast.department.pk,
            "description": "Thu sai lệ phí",
            "severity": "major",
            "iso_clause": "8.2.1",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("NC-")
    assert body["available_actions"] == []
    client.force_login(cast.head)
    assert client.get(f"/api/v1/nonconformities/{body['id']}/").json()["available_actions"] == ["contain"]


def test_a_clause_that_iso_9001_does_not_have_is_refused(client, cast):
    client.force_login(cast.reporter)
    response = client.post(
        "/api/v1/nonconformities/",
        {
            "title": "x",
            "source": "other",
            "department": cast.department.pk,
            "description": "d",
            "severity": "minor",
            "iso_clause": "11.9",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "iso_clause" in response.json()


@pytest.mark.parametrize(
    "who, status", [("officer", 200), ("auditor", 404), ("head", 404), ("stranger", 404)]
)
def test_only_officers_triage_feedback(client, cast, who, status):
    feedback = services.feedback_submit(subject="Chậm", message="Hồ sơ trễ hạn", contact="0900000000")
    client.force_login(_user(cast, who))
    assert client.get(reverse("nonconformities:feedback_list")).status_code == status
    assert client.get(reverse("nonconformities:feedback_detail", args=[feedback.pk])).status_code == status
    assert client.get("/api/v1/feedback/").status_code == status
    assert client.get(f"/api/v1/feedback/{feedback.pk}/").status_code == status


def test_the_register_runs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    for _i in range(3):
        report(cast)
    client.force_login(cast.officer)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("nonconformities:list"))
    for _i in range(30):
        report(cast)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("nonconformities:list"))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("nonconformities:export_csv"))
        assert len(b"".join(response.streaming_content).splitlines()) == 34
