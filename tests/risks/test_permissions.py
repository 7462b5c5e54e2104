"""Who sees and does what in the risk register: one hand-written table, run through the
register, the page, the heat map, the API, the evidence file and the reminders."""

import pytest
from django.urls import reverse

from risks import services
from risks.models import TreatmentAction
from tests.documents.factories import make_upload
from tests.risks.factories import People, in_days, make_risk

pytestmark = pytest.mark.django_db

# who -> (sees the risk, handles it: assess, treat, add actions, complete any action)
TABLE = {
    "officer": (True, True),
    "head_of_org": (True, False),
    "owner": (True, True),
    "dept_head": (True, True),
    "action_owner": (True, False),
    "colleague": (False, False),
    "stranger": (False, False),
    "auditor": (False, False),
}


@pytest.fixture
def world():
    people = People()
    risk = make_risk(people)
    done = services.treatment_action_add(
        actor=people.owner, risk=risk, description="Lập sổ", owner=people.action_owner, due_date=in_days(5)
    )
    services.treatment_action_complete(
        actor=people.action_owner, action=done, note="Đã lập", evidence=make_upload("so.pdf")
    )
    pending = services.treatment_action_add(
        actor=people.owner, risk=risk, description="Tập huấn", owner=people.action_owner, due_date=in_days(9)
    )
    return people, risk, done, pending


@pytest.mark.parametrize("who", TABLE)
def test_risk_matrix(client, world, who):
    people, risk, done, pending = world
    sees, handles = TABLE[who]
    client.force_login(getattr(people, who))
    code = {True: 200, False: 404}
    # reads: register, heat map count, page, API list and detail, action API, evidence
    assert (risk.number in client.get(reverse("risks:list")).content.decode()) is sees
    heat = client.get(reverse("risks:heatmap")).content.decode()
    assert ("1 open risks and opportunities" in heat) is sees
    assert client.get(reverse("risks:detail", args=[risk.pk])).status_code == code[sees]
    assert client.get(f"/api/v1/risks/{risk.pk}/").status_code == code[sees]
    assert (risk.pk in [r["id"] for r in client.get("/api/v1/risks/").json()["results"]]) is sees
    assert client.get(f"/api/v1/risk-actions/{done.pk}/").status_code == code[sees]
    assert client.get(reverse("risks:action_evidence", args=[done.pk])).status_code == code[sees]
    # writes a visible risk's onlooker is told no (a message), others get 404; nothing changes
    edit = client.get(reverse("risks:edit", args=[risk.pk]))
    assert edit.status_code == (200 if handles else 404)
    form = {"description": "Rà soát", "owner": people.owner.pk, "due_date": in_days(3).isoformat()}
    added = client.post(reverse("risks:action_add", args=[risk.pk]), form)
    assert added.status_code == (302 if sees else 404)
    api_added = client.post(f"/api/v1/risks/{risk.pk}/actions/", form)
    assert api_added.status_code == (201 if handles else 404)
    assert risk.actions.filter(description="Rà soát").count() == (2 if handles else 0)
    treat = client.post(reverse("risks:transition", args=[risk.pk, "treat"]))
    assert treat.status_code == (302 if sees else 404)
    # monitoring needs every action finished (handlers) or is not a step from open (others)
    api_monitor = client.post(f"/api/v1/risks/{risk.pk}/transition/", {"action": "monitor"})
    assert api_monitor.status_code == (409 if sees else 404)
    risk.refresh_from_db()
    assert risk.status == ("treated" if handles else "open")
    cancel = client.post(reverse("risks:action_cancel", args=[pending.pk]))
    assert cancel.status_code == (302 if sees else 404)
    complete = client.post(f"/api/v1/risk-actions/{pending.pk}/complete/", {"note": "x"})
    # handlers cancelled it just now (409: finished); its owner completes it; others 404
    doer = who == "action_owner"
    assert complete.status_code == (409 if handles else 200 if doer else 404)
    status = "cancelled" if handles else "done" if doer else "open"
    assert TreatmentAction.objects.get(pk=pending.pk).status == status
    web_complete = client.post(reverse("risks:action_complete", args=[done.pk]), {"note": "x"})
    assert web_complete.status_code == (302 if sees else 404)
    band_delete = client.post(reverse("risks:band_delete", args=[999]))
    assert band_delete.status_code == 404


def test_reminders_reach_the_owner_and_the_action_owner_only():
    from django.utils import timezone

    from risks.reminders import actions_overdue, reviews_due

    people = People()
    risk = make_risk(people, next_review_date=in_days(-1))
    action = services.treatment_action_add(
        actor=people.owner, risk=risk, description="x", owner=people.action_owner, due_date=in_days(1)
    )
    TreatmentAction.objects.filter(pk=action.pk).update(due_date=in_days(-2))
    today = timezone.localdate()
    assert [e.recipient_id for e in reviews_due(today)] == [people.owner.pk]
    assert [e.recipient_id for e in actions_overdue(today)] == [people.action_owner.pk]


def test_officer_pages_for_bands_are_404_for_others(client):
    people = People()
    client.force_login(people.owner)
    assert client.get(reverse("risks:bands")).status_code == 404
    client.force_login(people.officer)
    assert client.get(reverse("risks:bands")).status_code == 200


def test_list_pages_do_not_query_per_row(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from objectives.models import Objective
    from tests.objectives.factories import YEAR, make_objective

    people = People()
    client.force_login(people.officer)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    make_risk(people)
    make_objective(people)
    few = [
        queries(path)
        for path in ("/risks/", "/risks/heat-map/", "/objectives/", f"/objectives/board/{YEAR}/")
    ]
    for n in range(8):
        make_risk(people, title=f"Rủi ro {n}", likelihood=1 + n % 5)
        make_objective(people, indicator_name=f"Chỉ số {n}")
    many = [
        queries(path)
        for path in ("/risks/", "/risks/heat-map/", "/objectives/", f"/objectives/board/{YEAR}/")
    ]
    assert many == few
    assert Objective.objects.count() == 9
