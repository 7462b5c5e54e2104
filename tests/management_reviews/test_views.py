"""Pages refuse bad input with the form's errors (400) and save nothing; reminders of
review actions reach their owner once per due event."""

import datetime

import pytest
from django.urls import reverse

from management_reviews import reminders, services
from management_reviews.models import ManagementReview, ReviewDecision
from tests.documents.factories import UserFactory
from tests.management_reviews.factories import head, plan, walk

pytestmark = pytest.mark.django_db


def test_bad_input_on_the_pages_is_answered_with_the_form_and_nothing_saved(client):
    officer, chair = UserFactory(officer=True), head()
    client.force_login(officer)
    response = client.post(
        reverse("management_reviews:plan"),
        {"title": "", "period_start": "2026-12-31", "period_end": "2026-01-01", "meeting_date": "31/02/2026"},
    )
    assert response.status_code == 400 and "The period ends before it starts." in response.content.decode()
    assert ManagementReview.objects.count() == 0
    review = walk(plan(officer=officer, chair=chair), officer=officer, to="prepared")
    page = client.post(
        reverse("management_reviews:decision_add", args=[review.pk]),
        {"kind": "improvement", "description": "Số hoá", "owner": officer.pk, "due_date": "2020-01-01"},
    )
    assert page.status_code == 400
    assert "The action is due on or after the meeting date." in page.content.decode()
    assert not ReviewDecision.objects.exists()
    # the page itself: every section and the decision form, on a phone as on a desktop
    detail = client.get(reverse("management_reviews:detail", args=[review.pk])).content.decode()
    assert detail.count('class="card h-100 mr-section"') == 12 and 'id="id_due_date"' in detail


def test_review_actions_remind_their_owner_when_due_and_when_overdue(db):
    officer, owner = UserFactory(officer=True), UserFactory(staff=True)
    review = walk(plan(officer=officer, chair=head()), officer=officer, to="prepared")
    decision = services.decision_record(
        actor=officer,
        review=review,
        kind="qms_change",
        description="Sửa quy trình",
        owner=owner,
        due_date=datetime.date(2027, 2, 1),
    )
    soon = list(reminders.actions_due_soon(datetime.date(2027, 1, 28)))
    late = list(reminders.actions_overdue(datetime.date(2027, 2, 20)))
    assert [(e.object_id, e.recipient_id) for e in soon] == [(decision.pk, owner.pk)]
    assert [(e.object_id, e.recipient_id) for e in late] == [(decision.pk, owner.pk)]
    assert f"#decision-{decision.pk}" in late[0].url
    services.decision_complete(actor=owner, decision=decision, completion_note="Đã ban hành lần 02")
    assert list(reminders.actions_overdue(datetime.date(2027, 2, 20))) == []
