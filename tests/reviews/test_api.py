import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from reviews.models import Outcome, PeriodicReview
from tests.documents.factories import DepartmentFactory, UserFactory
from tests.reviews.factories import approved_document, effective_document, effective_version

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 9, 1, 9, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _date(days):
    return TODAY.date() + datetime.timedelta(days=days)


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_due_and_overdue_lists():
    officer = UserFactory(officer=True)
    finance = DepartmentFactory(code="KT")
    soon = effective_document(next_review_date=_date(5))
    late = effective_document(next_review_date=_date(-5), department=finance)
    client = _client(officer)
    due = client.get("/api/v1/reviews/due/").json()
    assert [row["document_number"] for row in due["results"]] == [soon.number]
    assert due["results"][0]["next_review_date"] == str(_date(5))
    overdue = client.get("/api/v1/reviews/overdue/", {"department": finance.pk}).json()
    assert [row["document_number"] for row in overdue["results"]] == [late.number]
    # a department id that names no department is refused with the field named, as on the page
    unknown = client.get("/api/v1/reviews/overdue/", {"department": finance.pk + 99})
    assert unknown.status_code == 400 and "department" in unknown.json()


def test_owner_records_a_review_and_it_is_listed():
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=_date(3)))
    client = _client(owner)
    response = client.post(
        "/api/v1/reviews/", {"version": version.pk, "outcome": Outcome.NO_CHANGE}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["next_review_date"] == str(_date(365))
    listed = client.get("/api/v1/reviews/").json()["results"]
    assert [row["id"] for row in listed] == [response.json()["id"]]


def test_bad_input_is_400_forbidden_is_404_illegal_state_is_409():
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=_date(3)))
    client = _client(owner)
    # revise without a comment: 400 with the field
    response = client.post(
        "/api/v1/reviews/", {"version": version.pk, "outcome": Outcome.REVISE}, format="json"
    )
    assert response.status_code == 400
    assert "comment" in response.json()
    # someone else's document: 404, nothing recorded
    stranger = _client(UserFactory(author=True))
    response = stranger.post(
        "/api/v1/reviews/", {"version": version.pk, "outcome": Outcome.NO_CHANGE}, format="json"
    )
    assert response.status_code == 404
    # a version not yet effective: 409
    pending = approved_document(owner=owner, effective_date=_date(30)).versions.get()
    response = client.post(
        "/api/v1/reviews/", {"version": pending.pk, "outcome": Outcome.NO_CHANGE}, format="json"
    )
    assert response.status_code == 409
    assert not PeriodicReview.objects.exists()


def test_list_query_count_does_not_grow(django_assert_max_num_queries):
    officer = UserFactory(officer=True)
    for days in range(1, 21):
        effective_document(next_review_date=_date(days))
    with django_assert_max_num_queries(10):
        response = _client(officer).get("/api/v1/reviews/due/")
    assert response.json()["count"] == 20
