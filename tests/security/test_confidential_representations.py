"""Issue 10, D1: a confidential document stays hidden in every representation for those
the organisation did not open it to — rendition PDF, diff, status page, notifications,
links shown on other records (NC, audit, checklist), the audit plan's document list —
and nobody links a record to a document they cannot see."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audits import services as audit_services
from documents.permissions import document_grant_read
from documents.workflow import DocumentStatus
from nonconformities import services as nc_services
from nonconformities.models import Nonconformity
from notifications.models import Notification
from renditions.models import StatusLink
from tests.audits.factories import make_audit, qualified_auditor
from tests.documents.factories import UserFactory, make_document
from tests.nonconformities.factories import Cast, report

pytestmark = pytest.mark.django_db

SECRET = "Quy trình mật TOP SECRET"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("status", [DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW])
def test_approver_not_granted_gets_404_on_every_representation_of_a_confidential_draft(status):
    # given: a confidential document with no grant to this approver, its draft body secret
    document = make_document(title=SECRET, status=status, confidential=True, file_name="")
    version = document.versions.get()
    approver = UserFactory(approver=True)
    client = _client(approver)
    api = APIClient()
    api.force_login(approver)
    # when / then: page, version, file, rendition, diff, sign page, API — all 404
    urls = [
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:version_detail", args=[version.pk]),
        reverse("documents:download", args=[version.pk]),
        reverse("renditions:version_pdf", args=[version.pk]),
        reverse("approvals:diff", args=[version.pk]),
        reverse("approvals:sign", args=[version.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in [f"/api/v1/versions/{version.pk}/", f"/api/v1/documents/{document.pk}/"]:
        assert api.get(url).status_code == 404, url
    listing = client.get(reverse("documents:list"), {"q": "TOP SECRET"})
    assert SECRET not in listing.content.decode()
    assert SECRET not in api.get("/api/v1/documents/", {"q": "TOP SECRET"}).content.decode()


def test_auditor_not_granted_cannot_download_a_superseded_confidential_revision():
    document = make_document(title=SECRET, status=DocumentStatus.SUPERSEDED, confidential=True)
    old = document.versions.get(status=DocumentStatus.SUPERSEDED)
    auditor = UserFactory(auditor=True)
    client = _client(auditor)
    assert client.get(reverse("documents:download", args=[old.pk])).status_code == 404
    assert client.get(reverse("renditions:version_pdf", args=[old.pk])).status_code == 404
    # once granted, the auditor's role gives back what it gives on any document
    document_grant_read(document=document, user=auditor)
    assert client.get(reverse("documents:download", args=[old.pk])).status_code == 200


def test_submitting_a_confidential_draft_asks_only_granted_or_named_approvers():
    # given: two approvers; only one is granted the document
    granted, stranger = UserFactory(approver=True), UserFactory(approver=True)
    document = make_document(title=SECRET, status=DocumentStatus.DRAFT, confidential=True)
    document_grant_read(document=document, user=granted)
    mail.outbox.clear()
    # when
    from documents import services

    services.version_submit(actor=document.owner, version=document.versions.get())
    # then: the stranger gets no inbox entry and no e-mail naming the document
    assert Notification.objects.filter(recipient=granted, kind="approval.sign").exists()
    assert not Notification.objects.filter(recipient=stranger).exists()
    assert all(stranger.email not in message.to for message in mail.outbox)


def test_status_page_of_a_printed_confidential_copy_shows_no_title():
    document = make_document(title=SECRET, status=DocumentStatus.EFFECTIVE, confidential=True)
    version = document.versions.get()
    link, _created = StatusLink.objects.get_or_create(version=version)
    response = Client().get(reverse("renditions:status", args=[link.token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert document.number in body
    assert "TOP SECRET" not in body


def test_nc_page_names_a_linked_confidential_document_by_number_only_to_those_not_granted():
    # given: the officer links a confidential document to an NC of another department
    cast = Cast()
    document = make_document(
        officer=cast.officer, title=SECRET, status=DocumentStatus.EFFECTIVE, confidential=True
    )
    nc = report(cast, actor=cast.officer, documents=[document])
    url = reverse("nonconformities:detail", args=[nc.pk])
    # when the department head reads the NC, then: the number, not the title
    body = _client(cast.head).get(url).content.decode()
    assert document.number in body and "TOP SECRET" not in body
    # and the officer sees both
    assert "TOP SECRET" in _client(cast.officer).get(url).content.decode()


def test_linking_a_document_you_cannot_see_is_refused_and_nothing_is_saved():
    cast = Cast()
    document = make_document(
        officer=cast.officer, title=SECRET, status=DocumentStatus.DRAFT, confidential=True
    )
    approver = UserFactory(approver=True)
    before = Nonconformity.objects.count()
    with pytest.raises(ValidationError):
        nc_services.nonconformity_report(
            actor=approver,
            title="Sai sót",
            source=Nonconformity.Source.PROCESS_MONITORING,
            department=cast.department,
            description="Mô tả",
            severity=Nonconformity.Severity.MINOR,
            documents=[document],
        )
    assert Nonconformity.objects.count() == before


def test_audit_plan_lists_only_documents_the_auditor_may_see_and_refuses_the_others():
    # given: an internal effective document, a confidential one, and a never-published draft
    officer = UserFactory(officer=True)
    visible = make_document(officer=officer, title="Quy trình công khai", status=DocumentStatus.EFFECTIVE)
    confidential = make_document(
        officer=officer, title=SECRET, status=DocumentStatus.EFFECTIVE, confidential=True
    )
    draft = make_document(officer=officer, title="Bản nháp chưa ban hành", status=DocumentStatus.DRAFT)
    auditor = qualified_auditor()
    auditor.user_permissions.add(*Permission.objects.filter(codename="plan_audit"))
    # when
    page = _client(auditor).get(reverse("audits:plan"))
    # then
    assert page.status_code == 200
    body = page.content.decode()
    assert visible.number in body
    assert "TOP SECRET" not in body and confidential.number not in body
    assert "Bản nháp chưa ban hành" not in body and draft.number not in body
    audit = make_audit(lead=auditor)
    with pytest.raises(ValidationError):
        audit_services.audit_update_plan(
            actor=auditor,
            audit=audit,
            title=audit.title,
            departments=list(audit.departments.all()),
            planned_start=audit.planned_start,
            planned_end=audit.planned_end,
            lead_auditor=auditor,
            documents=[confidential],
        )
    assert not audit.documents.filter(pk=confidential.pk).exists()
