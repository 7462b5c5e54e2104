"""Who sees and does what on objectives: one hand-written table, run through the page,
the board, the API, the evidence file and the reminder."""

import datetime

import pytest
from django.urls import reverse

from objectives import services
from tests.documents.factories import make_upload
from tests.objectives.factories import YEAR, People, make_objective

pytestmark = pytest.mark.django_db
LAST_YEAR = YEAR - 1  # every period of it has begun

# who -> (sees the department's objective, sees the organisation-wide one, may measure the department's)
TABLE = {
    "officer": (True, True, True),
    "head_of_org": (True, True, False),
    "owner": (True, True, True),
    "dept_head": (True, True, True),
    "colleague": (True, True, False),
    "stranger": (False, True, False),
    "auditor": (False, True, False),
}


@pytest.fixture
def world():
    people = People()
    dept = make_objective(people, year=LAST_YEAR)
    whole = make_objective(people, year=LAST_YEAR, department=None, indicator_name="Mức độ hài lòng")
    jan = datetime.date(LAST_YEAR, 1, 1)
    measurement = services.measurement_record(
        actor=people.owner,
        objective=dept,
        period_start=jan,
        value="96",
        evidence=make_upload("bang-chung.pdf"),
    )
    return people, dept, whole, measurement


@pytest.mark.parametrize("who", TABLE)
def test_objective_matrix(client, world, who):
    people, dept, whole, measurement = world
    sees_dept, sees_whole, may_measure = TABLE[who]
    client.force_login(getattr(people, who))
    code = {True: 200, False: 404}
    for objective, sees in ((dept, sees_dept), (whole, sees_whole)):
        assert client.get(reverse("objectives:detail", args=[objective.pk])).status_code == code[sees]
        assert client.get(f"/api/v1/objectives/{objective.pk}/").status_code == code[sees]
        board = client.get(reverse("objectives:board", args=[LAST_YEAR])).content.decode()
        assert (objective.indicator_name in board) is sees
        listed = [row["id"] for row in client.get("/api/v1/objectives/").json()["results"]]
        assert (objective.pk in listed) is sees
    evidence = client.get(reverse("objectives:evidence", args=[measurement.pk]))
    assert evidence.status_code == code[sees_dept]
    # writes: measure (web and API), edit page, compute, open NC
    feb = datetime.date(LAST_YEAR, 2, 1)
    posted = client.post(
        reverse("objectives:measure", args=[dept.pk]), {"period_start": feb.isoformat(), "value": "97"}
    )
    expected = 302 if may_measure else (400 if sees_dept else 404)
    assert posted.status_code == expected
    api = client.post(
        f"/api/v1/objectives/{dept.pk}/measure/", {"period_start": feb.isoformat(), "value": "97"}
    )
    assert api.status_code == (200 if may_measure else 404)
    recorded_by = set(
        dept.measurements.filter(period_start=feb).values_list("recorded_by__username", flat=True)
    )
    assert recorded_by == ({getattr(people, who).username} if may_measure else set())
    edit = client.get(reverse("objectives:edit", args=[dept.pk]))
    assert edit.status_code == (200 if who == "officer" else 404)
    plan = {"plan-what": "Tập huấn", "plan-responsible": "TN", "plan-due_date": f"{YEAR}-12-31"}
    added = client.post(reverse("objectives:plan_add", args=[dept.pk]), plan)
    assert added.status_code == (302 if may_measure else (400 if sees_dept else 404))
    assert dept.plan_items.count() == (1 if may_measure else 0)
    # compute (a hand-measured objective: refused to the officer too) and open an NC
    # (the target is not missed): a refusal for those who may, 404 for the others
    compute = client.post(reverse("objectives:compute", args=[dept.pk]))
    assert compute.status_code == (302 if sees_dept else 404)
    api_compute = client.post(f"/api/v1/objectives/{dept.pk}/compute/")
    assert api_compute.status_code == (409 if who == "officer" else 404)
    opened = client.post(reverse("objectives:open_nc", args=[dept.pk]), {"description": "x"})
    assert opened.status_code == (302 if sees_dept else 404)
    api_open = client.post(f"/api/v1/objectives/{dept.pk}/open-nonconformity/", {})
    assert api_open.status_code == (409 if may_measure else 404)
    assert dept.measurements.filter(computed=True).count() == 0
    assert not type(dept).objects.filter(nonconformity__isnull=False).exists()


def test_reminder_goes_to_the_owner_only():
    from objectives.reminders import measurement_missing

    people = People()
    make_objective(people, year=YEAR - 1, frequency="yearly")
    events = list(measurement_missing(datetime.date(YEAR, 1, 10)))
    assert [e.recipient_id for e in events] == [people.owner.pk]


def test_anonymous_is_sent_to_sign_in(client, world):
    _people, dept, _whole, _m = world
    assert client.get(reverse("objectives:detail", args=[dept.pk])).status_code == 302
    assert client.get(f"/api/v1/objectives/{dept.pk}/").status_code in (401, 403)
