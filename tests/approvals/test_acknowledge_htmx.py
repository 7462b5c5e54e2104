"""'Read and understood' without a page reload (issue 16, HTMX where it removes a full
reload), and still a plain POST and redirect without JavaScript."""

import pytest
from django.urls import reverse

from approvals import services as approval_services
from approvals.models import Acknowledgement
from documents.workflow import DocumentStatus
from tests.documents.factories import DepartmentFactory, UserFactory, advance_version, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    """A reader's open acknowledgement of an effective version distributed to them."""
    officer = UserFactory(officer=True)
    department = DepartmentFactory(code="TN", name="Phòng Tiếp nhận")
    reader = UserFactory(staff=True, departments=[department])
    document = make_document(officer=officer, department=department)
    approval_services.distribution_set(
        actor=officer, document=document, departments=[department], groups=[], no_readers=False
    )
    advance_version(document.versions.get(), DocumentStatus.EFFECTIVE, officer=officer)
    return Acknowledgement.objects.get(user=reader)


def test_the_version_page_posts_the_acknowledgement_with_htmx_and_keeps_a_plain_form(client, task):
    client.force_login(task.user)
    page = client.get(reverse("documents:version_detail", args=[task.version_id])).content.decode()
    url = reverse("approvals:acknowledge", args=[task.pk])
    # the form works without JavaScript (method, action, button) and htmx takes it over
    assert f'<form method="post" action="{url}" hx-post="{url}" hx-target="this" hx-swap="outerHTML"' in page
    assert "htmx-2.min.js" in page


def test_an_htmx_acknowledgement_answers_with_the_fragment_that_replaces_the_form(client, task):
    client.force_login(task.user)
    response = client.post(
        reverse("approvals:acknowledge", args=[task.pk]), {"next": "/"}, HTTP_HX_REQUEST="true"
    )
    # then the answer is the status line only, the task is done, no message waits for the next page
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div class="messages mb-0" role="status">') and "Recorded" in body
    assert "<html" not in body
    task.refresh_from_db()
    assert task.status == Acknowledgement.Status.ACKNOWLEDGED
    assert "Recorded" not in client.get(reverse("home")).content.decode()


def test_without_javascript_the_acknowledgement_redirects_with_a_message(client, task):
    client.force_login(task.user)
    response = client.post(reverse("approvals:acknowledge", args=[task.pk]), {"next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Recorded: you have read and understood" in response.content.decode()
    task.refresh_from_db()
    assert task.status == Acknowledgement.Status.ACKNOWLEDGED


def test_a_refused_htmx_acknowledgement_says_why_in_place_of_the_form(client, task):
    # given a task closed meanwhile (a newer revision superseded the version)
    Acknowledgement.objects.filter(pk=task.pk).update(status=Acknowledgement.Status.SUPERSEDED)
    client.force_login(task.user)
    answer = client.post(reverse("approvals:acknowledge", args=[task.pk]), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "alert-danger" in body and "no longer current" in body
