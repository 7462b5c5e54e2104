"""Issue 12: what keeps the document pages cheap at 100k+ documents, as a user notices it.

The effective-version pointer follows every status change; long lists say "more than
1,000" and still open any page; the API pages by keyset; the query count of the list,
the document page and the version page does not grow with the register; a download
hashes its file once, not on every request; a batch of reminders costs two queries per
reminder. (Timings are in benchmarks/scale.py, not here.)
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from documents import services
from documents.models import Document, DocumentGroupObjectPermission, DocumentVersion
from documents.workflow import DocumentStatus
from qms import paging, uploads
from reminders.models import DeliveryStatus, Reminder
from reminders.services import reminders_deliver_batch
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory, make_document

pytestmark = pytest.mark.django_db


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response


def test_the_pointer_follows_publish_supersede_and_direct_updates():
    officer = UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    first = document.versions.get()
    document.refresh_from_db()
    assert document.effective_version_id == first.pk
    # a stale copy saved later does not undo the trigger's work
    stale = Document.objects.get(pk=document.pk)
    DocumentVersion.objects.filter(pk=first.pk).update(status=DocumentStatus.SUPERSEDED)
    stale.title = "Quy trình mới"
    stale.save()
    document.refresh_from_db()
    assert document.effective_version_id is None and document.title == "Quy trình mới"
    DocumentVersion.objects.filter(pk=first.pk).update(status=DocumentStatus.EFFECTIVE)
    document.refresh_from_db()
    assert document.effective_version_id == first.pk


def _register(officer, n, **kwargs):
    for _ in range(n):
        make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, **kwargs)


def test_a_long_list_says_more_than_and_still_opens_deep_pages(client, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    monkeypatch.setattr(paging, "DEEP_OFFSET", 2)
    officer = UserFactory(officer=True)
    _register(officer, 7)
    numbers = list(Document.objects.order_by("number").values_list("number", flat=True))
    client.force_login(UserFactory(staff=True))
    monkeypatch.setattr("documents.views.PAGE_SIZE", 2)
    page = client.get(reverse("documents:list")).content.decode()
    assert "More than 3 results" in page and "Page 1" in page and "Page 1 of" not in page
    third = client.get(reverse("documents:list"), {"page": 3}).content.decode()
    assert numbers[4] in third and numbers[5] in third and numbers[3] not in third
    assert 'rel="next"' in third
    last = client.get(reverse("documents:list"), {"page": 4}).content.decode()
    assert numbers[6] in last and 'rel="next"' not in last
    # past the end: like Django's paginator, the last page it can vouch for
    assert client.get(reverse("documents:list"), {"page": 40}).status_code == 200
    # a short list keeps its exact count
    monkeypatch.setattr(paging, "COUNT_LIMIT", 1000)
    assert "7 results" in client.get(reverse("documents:list")).content.decode()


def test_api_pages_by_keyset_and_by_number(monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    officer = UserFactory(officer=True)
    _register(officer, 5)
    api = APIClient()
    api.force_authenticate(UserFactory(staff=True))
    first = api.get("/api/v1/documents/", {"page_size": 2}).json()
    assert (first["count"], first["count_exact"]) == (3, False)
    assert "cursor=" in first["next"]
    seen = [row["number"] for row in first["results"]]
    url = first["next"]
    while url:
        body = api.get(url).json()
        seen += [row["number"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(Document.objects.values_list("number", flat=True))
    numbered = api.get("/api/v1/documents/", {"page_size": 2, "page": 3}).json()
    assert [row["number"] for row in numbered["results"]] == seen[4:]
    assert api.get("/api/v1/documents/", {"page": 99}).status_code == 404
    assert api.get("/api/v1/documents/", {"cursor": "not-a-cursor"}).status_code == 404


def test_list_document_and_version_pages_cost_the_same_for_a_bigger_register(client):
    officer = UserFactory(officer=True)
    _register(officer, 2)
    document = Document.objects.order_by("pk").first()
    version = document.versions.get()
    client.force_login(UserFactory(staff=True))
    urls = [
        reverse("documents:list"),
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:version_detail", args=[version.pk]),
        "/api/v1/documents/",
        f"/api/v1/documents/{document.pk}/",
    ]
    for url in urls:
        client.get(url)  # warm per-session caches alike for both runs
    before = [queries(client, url)[0] for url in urls]
    _register(officer, 6, confidential=True)
    _register(officer, 6)
    # and more revisions of the document shown
    draft = services.version_create_draft(
        actor=officer, document=document, body="Sửa", change_summary="Sửa đổi"
    )
    after = [queries(client, url)[0] for url in urls]
    assert after == before, dict(zip(urls, zip(before, after, strict=True), strict=True))
    assert draft.pk  # the officer's draft is not shown to staff, and cost nothing


def test_a_download_hashes_its_file_once_and_still_refuses_a_changed_file(client, monkeypatch):
    document = make_document(status=DocumentStatus.EFFECTIVE)
    version = document.versions.get()
    hashed = []
    real = uploads.sha256_of
    monkeypatch.setattr(uploads, "sha256_of", lambda handle: hashed.append(1) or real(handle))
    client.force_login(UserFactory(staff=True))
    url = reverse("documents:download", args=[version.pk])
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert len(hashed) == 1
    with open(version.file.path, "ab") as handle:
        handle.write(b"tampered")
    assert client.get(url).status_code == 409


def test_a_batch_of_reminders_costs_two_queries_each_and_goes_out_once():
    officer = UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None)
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Document)
    recipients = [UserFactory(staff=True) for _ in range(30)]
    rows = Reminder.objects.bulk_create(
        Reminder(
            kind="review_due",
            content_type=content_type,
            object_id=document.pk,
            due_key=f"review:{i}",
            recipient=user,
            due_date=datetime.date(2027, 1, 10),
            context={"number": document.number, "title": document.title, "days": 7},
            url="/",
        )
        for i, user in enumerate(recipients)
    )
    ids = [row.pk for row in rows]
    with CaptureQueriesContext(connection) as captured:
        sent, failed = reminders_deliver_batch(reminder_ids=ids)
    assert (sent, failed) == (30, [])
    # (the test runs inside a transaction: each row's atomic block is a savepoint here)
    statements = [q for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 2 * 30 + 4
    assert len(mail.outbox) == 30
    assert set(Reminder.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    # again: nothing left to claim, nothing sent twice
    assert reminders_deliver_batch(reminder_ids=ids) == (0, [])
    assert len(mail.outbox) == 30


def test_seed_scale_loads_a_register_the_pages_can_use(client):
    for username in ("officer", "author", "approver", "approver2"):
        UserFactory(username=username, officer=username == "officer")
    DocumentTypeFactory()
    DepartmentFactory(code="VP")
    DepartmentFactory(code="TC")
    call_command("seed_scale", documents=40, confidential_share=0.25, stdout=io.StringIO())
    assert Document.objects.count() == 40
    assert Document.objects.filter(effective_version__isnull=True).count() == 0
    assert DocumentVersion.objects.filter(status=DocumentStatus.EFFECTIVE).count() == 40
    confidential = Document.objects.filter(confidentiality=Document.Confidentiality.CONFIDENTIAL)
    assert confidential.exists()
    assert DocumentGroupObjectPermission.objects.filter(content_object__in=confidential).exists()
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("documents:list")).status_code == 200


def test_the_document_rule_is_the_version_rule_asked_of_documents():
    from documents.permissions import document_grant_read, visible_document_q, visible_version_q

    officer = UserFactory(officer=True)
    author = UserFactory(author=True)
    granted = UserFactory(staff=True)
    for confidential in (False, True):
        for status in (
            DocumentStatus.DRAFT,
            DocumentStatus.IN_REVIEW,
            DocumentStatus.EFFECTIVE,
            DocumentStatus.OBSOLETE,
        ):
            document = make_document(
                officer=officer, author=author, status=status, confidential=confidential, file_name=None
            )
            if confidential and status == DocumentStatus.EFFECTIVE:
                document_grant_read(document=document, user=granted)
    users = [
        officer,
        author,
        granted,
        UserFactory(staff=True),
        UserFactory(approver=True),
        UserFactory(auditor=True),
    ]
    for user in users:
        by_versions = set(
            DocumentVersion.objects.filter(visible_version_q(user)).values_list("document_id", flat=True)
        )
        by_documents = set(Document.objects.filter(visible_document_q(user)).values_list("pk", flat=True))
        assert by_documents == by_versions, user.groups.values_list("name", flat=True)
