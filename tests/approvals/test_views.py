"""Web pages: sign (with password), route editing, withdrawal, my tasks, the version panel."""

import pytest
from django.urls import reverse

from approvals.models import ApprovalRoute, Signature
from documents import services as document_services
from documents.workflow import DocumentStatus
from signatures.models import SigningAttempt
from tests.approvals.factories import make_effective_document, set_route, stage
from tests.documents.factories import PASSWORD, UserFactory, make_document

pytestmark = pytest.mark.django_db


def in_review(officer=None, **kwargs):
    officer = officer or UserFactory(officer=True)
    version = make_document(officer=officer, **kwargs).versions.get()
    return document_services.version_submit(actor=officer, version=version)


def test_signer_signs_on_the_sign_page_with_the_password(client):
    version = in_review()
    approver = UserFactory(approver=True)
    client.force_login(approver)
    url = reverse("approvals:sign", args=[version.pk])
    page = client.get(url).content.decode()
    assert "Your password (to sign)" in page and "First revision: nothing to compare." in page
    # wrong password: a form error, nothing signed
    response = client.post(url, {"decision": "approve", "password": "wrong"})
    assert response.status_code == 200 and "not correct" in response.content.decode()
    assert not Signature.objects.exists()
    # request changes without a comment: a form error, no attempt recorded
    attempts = SigningAttempt.objects.count()
    response = client.post(url, {"decision": "request_changes", "comment": "", "password": PASSWORD})
    assert response.status_code == 200 and SigningAttempt.objects.count() == attempts
    response = client.post(url, {"decision": "approve", "comment": "", "password": PASSWORD})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    panel = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    assert "Signature manifest" in panel and approver.get_full_name() in panel


def test_a_user_who_cannot_see_the_version_gets_404(client):
    version = in_review()
    client.force_login(UserFactory(staff=True))
    for name in ("approvals:sign", "approvals:diff", "approvals:withdraw", "approvals:route_edit"):
        assert client.get(reverse(name, args=[version.pk])).status_code == 404


def test_officer_edits_the_route_of_a_draft(client):
    officer = UserFactory(officer=True)
    reviewer, approver = UserFactory(approver=True), UserFactory(approver=True)
    version = make_document(officer=officer).versions.get()
    client.force_login(officer)
    url = reverse("approvals:route_edit", args=[version.pk])
    assert client.get(url).status_code == 200
    data = {
        "stages-TOTAL_FORMS": "3",
        "stages-INITIAL_FORMS": "1",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "1000",
        "stages-0-name": "Old",
        "stages-0-meaning": "approved",
        "stages-0-mode": "any",
        "stages-0-DELETE": "on",
        "stages-0-ORDER": "1",
        "stages-1-name": "Phê duyệt",
        "stages-1-meaning": "approved",
        "stages-1-mode": "any",
        "stages-1-users": [approver.pk],
        "stages-1-ORDER": "3",
        "stages-2-name": "Xem xét",
        "stages-2-meaning": "reviewed",
        "stages-2-mode": "all",
        "stages-2-users": [reviewer.pk],
        "stages-2-ORDER": "2",
        "planned_effective_date": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    route = ApprovalRoute.objects.get(version=version)
    assert [(s.position, s.name, s.mode) for s in route.stages.all()] == [
        (1, "Xem xét", "all"),
        (2, "Phê duyệt", "any"),
    ]
    # approvers and staff cannot open the page
    client.force_login(approver)
    assert client.get(url).status_code == 404


def test_my_tasks_lists_only_active_stages_in_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = UserFactory(officer=True)
    reviewer, approver = UserFactory(approver=True), UserFactory(approver=True)

    def submit_some(count):
        for _ in range(count):
            version = make_document(officer=officer).versions.get()
            set_route(
                version,
                [stage("Review", users=[reviewer]), stage("Approve", users=[approver])],
                officer=officer,
            )
            document_services.version_submit(actor=officer, version=version)

    client.force_login(reviewer)
    submit_some(2)
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("approvals:my_tasks")).content.decode()
    assert page.count("Review") >= 2
    submit_some(6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("approvals:my_tasks")).content.decode()
    assert page.count("Review") >= 8
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    client.force_login(approver)
    assert "Nothing waits for your signature." in client.get(reverse("approvals:my_tasks")).content.decode()


def test_withdrawal_page_signs_and_withdraws(client):
    officer = UserFactory(officer=True)
    version = make_effective_document(officer=officer).versions.get()
    client.force_login(officer)
    url = reverse("approvals:withdraw", args=[version.pk])
    assert client.post(url, {"reason": "", "password": PASSWORD}).status_code == 200
    assert client.post(url, {"reason": "Hết hiệu lực", "password": "bad"}).status_code == 200
    response = client.post(url, {"reason": "Hết hiệu lực", "password": PASSWORD})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == DocumentStatus.OBSOLETE


def test_returned_draft_shows_the_signers_comment_to_the_author(client):
    officer, author = UserFactory(officer=True), UserFactory(author=True)
    version = make_document(officer=officer, author=author).versions.get()
    document_services.version_submit(actor=author, version=version)
    client.force_login(UserFactory(approver=True))
    client.post(
        reverse("approvals:sign", args=[version.pk]),
        {"decision": "request_changes", "comment": "Bổ sung lưu đồ", "password": PASSWORD},
    )
    client.force_login(author)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    assert "Returned to the author" in page and "Bổ sung lưu đồ" in page


def test_officer_keeps_route_templates_and_new_drafts_copy_them(client):
    from approvals.models import RouteTemplate
    from tests.documents.factories import DocumentTypeFactory

    officer = UserFactory(officer=True)
    approver = UserFactory(approver=True)
    hd = DocumentTypeFactory(code="HD", name="Hướng dẫn")
    client.force_login(officer)
    assert client.get(reverse("approvals:route_template_list")).status_code == 200
    response = client.post(
        reverse("approvals:route_template_new"),
        {
            "name": "Hướng dẫn: trưởng phòng phê duyệt",
            "doc_type": hd.pk,
            "department": "",
            "is_active": "on",
            "stages-TOTAL_FORMS": "1",
            "stages-INITIAL_FORMS": "0",
            "stages-MIN_NUM_FORMS": "0",
            "stages-MAX_NUM_FORMS": "1000",
            "stages-0-name": "Phê duyệt",
            "stages-0-meaning": "approved",
            "stages-0-mode": "any",
            "stages-0-users": [approver.pk],
            "stages-0-ORDER": "1",
        },
    )
    assert response.status_code == 302
    template = RouteTemplate.objects.get(doc_type=hd)
    version = make_document(officer=officer, doc_type=hd).versions.get()
    assert version.route.template == template
    assert [list(s.users.all()) for s in version.route.stages.all()] == [[approver]]
    client.force_login(approver)
    assert client.get(reverse("approvals:route_template_list")).status_code == 404
