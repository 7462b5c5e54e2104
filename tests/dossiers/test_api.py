"""The REST endpoint the one-stop system calls: token auth, idempotent by dossier code."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dossiers.models import Dossier, DossierStep, Outcome, Supplementation
from tests.dossiers import factories as f

pytestmark = pytest.mark.django_db

BATCH = {
    "dossiers": [
        {
            "code": "API-1",
            "procedure_code": "1.005090",
            "applicant_name": "Đỗ Văn G",
            "received_at": "2027-02-03T09:00:00+07:00",
            "steps": [
                {
                    "step": "Tiếp nhận",
                    "department": "KT",
                    "started_at": "2027-02-03T09:00:00+07:00",
                    "finished_at": "2027-02-03T10:00:00+07:00",
                }
            ],
            "supplementations": [
                {"requested_at": "2027-02-03T10:00:00+07:00", "supplied_at": "2027-02-11T10:00:00+07:00"}
            ],
        },
        {"code": "API-2", "procedure_code": "0.000000", "received_at": "2027-02-03T09:00:00+07:00"},
        {
            "code": "API-3",
            "procedure_code": "1.005090",
            "received_at": "2027-02-03T09:00:00+07:00",
            "steps": [{"step": "X", "department": "NOPE", "started_at": "2027-02-03T09:00:00+07:00"}],
        },
    ]
}


@pytest.fixture
def api():
    f.department("KT")
    f.procedure("1.005090", days="5", steps=[("Tiếp nhận", "0.5")])
    officer = f.officer()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    return client


def test_sending_the_same_dossiers_twice_updates_and_never_duplicates(api):
    url = reverse("dossiers_api:dossier-batch")
    first = api.post(url, BATCH, format="json")
    assert first.status_code == 200
    body = first.json()
    assert [e["line"] for e in body["errors"]] == [2, 3]  # each item whole or refused
    assert body["rows_imported"] == 1
    dossier = Dossier.objects.get(code="API-1")
    # Received 3 Feb 2027; clock stopped 3 Feb 10:00 -> 11 Feb 10:00 (Tết in between: 7 working hours).
    assert dossier.deadline_at > dossier.due_at
    again = api.post(
        url,
        BATCH | {"dossiers": [BATCH["dossiers"][0] | {"returned_at": "2027-02-12T09:00:00+07:00"}]},
        format="json",
    )
    assert again.status_code == 200 and again.json()["errors"] == []
    assert list(Dossier.objects.values_list("code", flat=True)) == ["API-1"]
    assert (DossierStep.objects.count(), Supplementation.objects.count()) == (1, 1)
    dossier.refresh_from_db()
    assert dossier.outcome == Outcome.EARLY
    detail = api.get(reverse("dossiers_api:dossier-detail", args=[dossier.pk])).json()
    assert detail["applicant_name"] == "Đỗ Văn G" and detail["steps"][0]["department"] == "KT"


def test_bad_input_is_a_400_with_the_field(api):
    url = reverse("dossiers_api:dossier-batch")
    assert api.post(url, {"dossiers": []}, format="json").status_code == 400
    response = api.post(url, {"dossiers": [{"code": "X", "received_at": "tomorrow"}]}, format="json")
    assert response.status_code == 400 and "received_at" in str(response.json())
    assert api.post(url, "not json", content_type="application/json").status_code == 400
    assert (
        api.get(
            reverse("dossiers_api:dossier-on-time"), {"start": "2027-13-01", "end": "2027-01-01"}
        ).status_code
        == 400
    )


def test_staff_and_anonymous_cannot_send(api):
    url = reverse("dossiers_api:dossier-batch")
    assert APIClient().post(url, BATCH, format="json").status_code == 401
    staff = APIClient()
    staff.force_authenticate(f.user("staff"))
    assert staff.post(url, BATCH, format="json").status_code == 404
    assert not Dossier.objects.exists()
