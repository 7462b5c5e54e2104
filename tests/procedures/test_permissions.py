"""Who reaches which procedures route: an expected table written by hand, run against the
pages, the API, the PDFs and the export. Forbidden looks like missing (404); a visitor
without a session is sent to log in on the officer pages (302) and refused by the API."""

import pytest
from django.urls import reverse

from procedures.services import procedure_transition
from procedures.workflow import ProcedureAction
from tests.documents.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "author", "approver", "auditor", "officer"]

# Officer routes: (name, method) -> expected code for a non-officer role / for the officer.
OFFICER_ROUTES = {
    ("procedures:list", "get", False): 200,
    ("procedures:create", "get", False): 200,
    ("procedures:export", "get", False): 200,
    ("procedures:import", "get", False): 200,
    ("procedures:detail", "get", True): 200,
    ("procedures:edit", "get", True): 200,
    ("procedures:preview", "get", True): 200,
    ("procedures:transition", "post", True): 302,
}
NOT_OFFICER = {"anonymous": 302, "staff": 404, "author": 404, "approver": 404, "auditor": 404}

# Public representations by status of the procedure: the same for every role, logged in or not.
PUBLIC = {
    #  status:      detail, posting sheet, form, API detail
    "draft": (404, 404, 404, 404),
    "published": (200, 200, 200, 200),
    "suspended": (200, 404, 404, 200),
    "abolished": (200, 404, 404, 200),
}


def _client(client, role):
    if role == "anonymous":
        return client
    user = UserFactory(username=f"u-{role}", **{role: True})
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_officer_routes(client, world, role):
    client = _client(client, role)
    pk = world.procedure.pk
    for (name, method, takes_pk), officer_code in OFFICER_ROUTES.items():
        args = [pk] if takes_pk else []
        if name == "procedures:transition":
            args = [pk, ProcedureAction.SUSPEND]
        # when
        response = getattr(client, method)(reverse(name, args=args))
        # then
        expected = officer_code if role == "officer" else NOT_OFFICER[role]
        assert response.status_code == expected, (role, name)
    for url in ("/api/v1/procedures/", f"/api/v1/procedures/{pk}/"):
        code = client.get(url).status_code
        expected = {200} if role == "officer" else {401, 403} if role == "anonymous" else {404}
        assert code in expected, (role, url)
    # a refused transition left nothing behind
    world.procedure.refresh_from_db()
    assert world.procedure.status == ("suspended" if role == "officer" else "published")


@pytest.mark.parametrize("status", list(PUBLIC))
def test_public_routes_by_status(client, world, status):
    procedure = world.procedure if status != "draft" else world.draft
    client.get(reverse("procedures_public:detail", args=[procedure.code]))  # cached while published
    if status in ("suspended", "abolished"):
        procedure = procedure_transition(
            actor=world.officer, procedure=procedure, action=ProcedureAction.SUSPEND
        )
    if status == "abolished":
        procedure = procedure_transition(
            actor=world.officer, procedure=procedure, action=ProcedureAction.ABOLISH
        )
    code = procedure.code
    for role in ("anonymous", "staff"):
        c = _client(client, role)
        # when
        answers = (
            c.get(reverse("procedures_public:detail", args=[code])).status_code,
            c.get(reverse("procedures_public_en:posting_sheet", args=[code])).status_code,
            c.get(reverse("procedures_public:form", args=[code, world.form.pk])).status_code,
            c.get(f"/api/v1/procedures/public/{code}/").status_code,
        )
        # then
        assert answers == PUBLIC[status], (role, status)
        page = c.get(reverse("procedures_public:detail", args=[code])).content.decode()
        form_url = reverse("procedures_public:form", args=[code, world.form.pk])
        assert (form_url in page) == (status == "published"), (role, status)
        assert c.get(reverse("procedures_public_en:detail", args=[code])).status_code == PUBLIC[status][0]
        assert (
            c.get(reverse("procedures_public_en:form", args=[code, world.form.pk])).status_code
            == PUBLIC[status][2]
        )
        assert c.get(reverse("procedures_public:posting_sheet", args=[code])).status_code == PUBLIC[status][1]
