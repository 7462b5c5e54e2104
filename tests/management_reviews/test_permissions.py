"""Who sees which management review, by every representation: a hand-written table.

Officers and the head of the organisation see every review; the chair and the attendees
see the reviews they attend; the owner of a decision sees the review that gave it to
them; everyone else gets 404 (forbidden looks like missing), and their writes change
nothing. The routes listed for management_reviews in tests/security/test_route_matrix.py
(COVERED_ELSEWHERE) are all requested here.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from management_reviews import services
from management_reviews.models import ManagementReview, ReviewDecision
from tests.documents.factories import PASSWORD, UserFactory
from tests.management_reviews.factories import head, plan, walk

pytestmark = pytest.mark.django_db

ROLES = ["officer", "head", "chair", "attendee", "action_owner", "auditor", "staff", "anonymous"]
STATUSES = ["planned", "prepared", "signed"]

# role -> statuses whose review the role sees (by hand, from the rule in the docstring).
# The action owner's decision exists on the prepared and the signed review only.
SEES = {
    "officer": {"planned", "prepared", "signed"},
    "head": {"planned", "prepared", "signed"},
    "chair": {"planned", "prepared", "signed"},
    "attendee": {"planned", "prepared", "signed"},
    "action_owner": {"prepared", "signed"},
    "auditor": set(),
    "staff": set(),
    "anonymous": set(),
}
# Who may open the clause matrix and readiness views (officers and the head).
TRACEABILITY = {"officer", "head", "chair"}  # the chair holds the head role


@pytest.fixture
def world(db):
    people = {
        "officer": UserFactory(officer=True),
        "head": head(),
        "chair": head(),
        "attendee": UserFactory(staff=True),
        "action_owner": UserFactory(staff=True),
        "auditor": UserFactory(auditor=True),
        "staff": UserFactory(staff=True),
    }
    officer = people["officer"]
    reviews, decisions = {}, {}
    for status in STATUSES:
        review = plan(
            officer=officer, chair=people["chair"], attendees=[people["attendee"]], title=f"MR {status}"
        )
        if status != "planned":
            review = walk(review, officer=officer, to="held")
            decisions[status] = services.decision_record(
                actor=officer,
                review=review,
                kind="improvement",
                description=f"Hành động {status}",
                owner=people["action_owner"],
                due_date=datetime.date(2027, 6, 30),
            )
            review = walk(review, officer=officer, to=status, password=PASSWORD)
        reviews[status] = review
    return people, reviews, decisions


def _client(people, role, api=False):
    client = APIClient() if api else Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


def _expected(role, status, seen_code=200):
    return seen_code if status in SEES[role] else (302 if role == "anonymous" else 404)


def test_read_matrix_page_api_pdf_and_lists(world):
    people, reviews, decisions = world
    for role in ROLES:
        web, api = _client(people, role), _client(people, role, api=True)
        listing = web.get(reverse("management_reviews:list")).content.decode()
        api_list = api.get("/api/v1/management-reviews/")
        api_numbers = (
            {row["number"] for row in api_list.json()["results"]} if api_list.status_code == 200 else set()
        )
        for status in STATUSES:
            review = reviews[status]
            sees = status in SEES[role]
            context = f"{role} / {status}"
            assert web.get(reverse("management_reviews:detail", args=[review.pk])).status_code == _expected(
                role, status
            ), context
            # A draft PDF is rendered on request (WeasyPrint, ~1 s): one seer renders it, every
            # role asks for the stored signed minutes and every non-seer is refused.
            if status == "signed" or not sees or role == "officer":
                pdf = web.get(reverse("management_reviews:pdf", args=[review.pk]))
                assert pdf.status_code == _expected(role, status), context
                if sees:
                    assert pdf.content.startswith(b"%PDF"), context
            assert (review.number in listing) is sees, context
            assert (review.number in api_numbers) is sees, context
            assert api.get(f"/api/v1/management-reviews/{review.pk}/").status_code == (
                200 if sees else (401 if role == "anonymous" else 404)
            ), context
            if status in decisions:
                decision = decisions[status]
                assert api.get(f"/api/v1/management-review-actions/{decision.pk}/").status_code == (
                    200 if sees else (401 if role == "anonymous" else 404)
                ), context
        # The matrix for one role of each answer (it costs a page of every clause).
        if role not in ("officer", "head", "attendee", "anonymous"):
            continue
        pages = ("clause_matrix", "readiness", "clause_matrix_csv")
        for name in (*pages, "clause_matrix_pdf") if role in ("officer", "attendee") else pages:
            expected = 200 if role in TRACEABILITY else (302 if role == "anonymous" else 404)
            assert web.get(reverse(f"management_reviews:{name}")).status_code == expected, f"{role} {name}"


def test_writes_by_those_who_do_not_see_answer_404_and_change_nothing(world):
    people, reviews, decisions = world
    prepared, signed = reviews["prepared"], reviews["signed"]
    section = prepared.sections.get(key="d")
    decision = decisions["prepared"]
    routes = [
        reverse("management_reviews:transition", args=[reviews["planned"].pk, "prepare"]),
        reverse("management_reviews:transition", args=[prepared.pk, "hold"]),
        reverse("management_reviews:conclusions", args=[prepared.pk]),
        reverse("management_reviews:decision_add", args=[prepared.pk]),
        reverse("management_reviews:correct", args=[signed.pk]),
        reverse("management_reviews:section_comment", args=[section.pk]),
        reverse("management_reviews:decision_close", args=[decision.pk, "done"]),
    ]
    api_routes = [
        f"/api/v1/management-reviews/{reviews['planned'].pk}/prepare/",
        f"/api/v1/management-reviews/{prepared.pk}/hold/",
        f"/api/v1/management-reviews/{prepared.pk}/commentary/",
        f"/api/v1/management-reviews/{prepared.pk}/decisions/",
        f"/api/v1/management-reviews/{prepared.pk}/sign/",
        f"/api/v1/management-review-actions/{decision.pk}/complete/",
    ]
    payload = {
        "commentary": "x",
        "key": "d",
        "conclusions": "x",
        "completion_note": "x",
        "kind": "improvement",
        "description": "x",
        "owner": people["staff"].pk,
        "due_date": "2027-06-30",
        "password": PASSWORD,
    }
    before = _state()
    for role in ("auditor", "staff"):
        web, api = _client(people, role), _client(people, role, api=True)
        for url in routes:
            assert web.post(url, payload).status_code == 404, f"{role} {url}"
        for url in api_routes:
            assert api.post(url, payload, format="json").status_code == 404, f"{role} {url}"
    # An attendee sees the review but may not prepare, decide or sign: refused, nothing changes.
    web = _client(people, "attendee")
    web.post(routes[0])
    web.post(routes[3], payload)
    assert _state() == before
    # The document clause form is the officers' (a staff member gets 404 for a document they see or not).
    assert web.post(reverse("management_reviews:document_clauses", args=[999999]), {}).status_code == 404


def _state():
    return (
        list(ManagementReview.objects.order_by("pk").values_list("status", "conclusions")),
        list(ReviewDecision.objects.order_by("pk").values_list("status", "completion_note")),
        ReviewDecision.objects.count(),
        ManagementReview.history.count(),
    )
