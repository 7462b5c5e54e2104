"""Change requests: any reader proposes, the officer accepts (a new draft for the owner,
linked) or declines with a reason, the requester hears the outcome; requests keep history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals import selectors, services
from approvals.models import ChangeRequest
from documents.workflow import DocumentStatus, TransitionError
from tests.approvals.factories import make_effective_document
from tests.documents.factories import UserFactory, make_document, make_upload

pytestmark = pytest.mark.django_db


def test_a_reader_proposes_and_the_owner_and_officers_are_told():
    officer, owner = UserFactory(officer=True), UserFactory(author=True)
    document = make_effective_document(officer=officer, author=owner)
    reader = UserFactory(staff=True)
    request = services.change_request_create(
        actor=reader,
        document=document,
        what="Thêm biểu mẫu BM-02",
        why="Thiếu",
        attachment=make_upload("y-kien.pdf"),
    )
    assert request.status == ChangeRequest.Status.OPEN and request.attachment_name == "y-kien.pdf"
    assert owner.notifications.filter(kind="change_request.new").exists()
    assert officer.notifications.filter(kind="change_request.new").exists()
    assert list(selectors.change_request_list_visible_to(owner)) == [request]
    assert list(selectors.change_request_list_visible_to(reader)) == [request]
    assert list(selectors.change_request_list_visible_to(UserFactory(staff=True))) == []


def test_nobody_proposes_a_change_to_a_document_they_cannot_read_or_that_is_not_effective():
    draft_only = make_document()
    with pytest.raises(PermissionDenied):
        services.change_request_create(actor=UserFactory(staff=True), document=draft_only, what="x", why="y")
    confidential = make_effective_document(confidential=True)
    with pytest.raises(PermissionDenied):
        services.change_request_create(
            actor=UserFactory(staff=True), document=confidential, what="x", why="y"
        )
    with pytest.raises(ValidationError):
        services.change_request_create(
            actor=UserFactory(staff=True), document=make_effective_document(), what=" ", why=" "
        )
    assert not ChangeRequest.objects.exists()


def test_accepting_opens_a_new_draft_for_the_owner_linked_to_the_request():
    officer, owner = UserFactory(officer=True), UserFactory(author=True)
    document = make_effective_document(officer=officer, author=owner)
    reader = UserFactory(staff=True)
    request = services.change_request_create(
        actor=reader, document=document, what="Rút ngắn thời hạn", why="Luật mới"
    )
    request = services.change_request_accept(actor=officer, change_request=request, reason="Đồng ý")
    draft = request.resulting_version
    assert (draft.status, draft.revision, draft.author) == (DocumentStatus.DRAFT, 2, owner)
    assert draft.change_summary == "Rút ngắn thời hạn"
    assert draft.checksum == document.versions.get(revision=1).checksum  # starts from the effective content
    assert draft.history.first().history_user == officer
    assert reader.notifications.filter(kind="change_request.decided").exists()
    assert owner.notifications.filter(kind="change_request.draft").exists()
    with pytest.raises(TransitionError):
        services.change_request_decline(actor=officer, change_request=request, reason="late")
    # a second accepted request joins the revision already in progress
    second = services.change_request_create(actor=reader, document=document, what="Sửa lỗi chính tả", why="-")
    second = services.change_request_accept(actor=officer, change_request=second)
    assert second.resulting_version == draft
    assert [h.status for h in request.history.order_by("history_date")] == ["open", "accepted"]


def test_declining_needs_a_reason_and_only_officers_decide():
    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer)
    reader = UserFactory(staff=True)
    request = services.change_request_create(actor=reader, document=document, what="x", why="y")
    with pytest.raises(PermissionDenied):
        services.change_request_decline(actor=reader, change_request=request, reason="no")
    with pytest.raises(ValidationError):
        services.change_request_decline(actor=officer, change_request=request, reason=" ")
    request = services.change_request_decline(actor=officer, change_request=request, reason="Không cần thiết")
    assert request.status == ChangeRequest.Status.DECLINED
    note = reader.notifications.get(kind="change_request.decided")
    assert "Không cần thiết" in note.message


def test_change_request_pages(client):
    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer)
    reader = UserFactory(staff=True)
    client.force_login(reader)
    assert "Propose a change" in client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    response = client.post(
        reverse("approvals:change_request_new", args=[document.pk]), {"what": "", "why": ""}
    )
    assert response.status_code == 200 and not ChangeRequest.objects.exists()
    response = client.post(
        reverse("approvals:change_request_new", args=[document.pk]),
        {"what": "Thêm bước kiểm tra", "why": "Sai sót thường gặp"},
    )
    request = ChangeRequest.objects.get()
    assert response.url == reverse("approvals:change_request_detail", args=[request.pk])
    client.force_login(officer)
    detail = reverse("approvals:change_request_detail", args=[request.pk])
    assert client.post(detail, {"decision": "decline", "reason": ""}).status_code == 200
    client.post(detail, {"decision": "accept", "reason": ""})
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.ACCEPTED
    client.force_login(UserFactory(staff=True))
    assert client.get(detail).status_code == 404


def test_change_request_list_has_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer)
    client.force_login(officer)

    def propose(count):
        for number in range(count):
            services.change_request_create(
                actor=UserFactory(staff=True), document=document, what=f"Đề nghị {number}", why="-"
            )

    propose(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("approvals:change_request_list"))
    propose(10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("approvals:change_request_list")).content.decode()
    assert page.count("Đề nghị") == 12
    assert len(many) == len(few)
