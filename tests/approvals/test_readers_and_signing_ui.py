"""Issue 16, problems 1, 2, 4 and 5: nobody-reads-it is never silent (defaults, a refused
submission, an explicit "no readers" recorded in history), staff told why they have
nothing to acknowledge, a sign page that shows what is signed with no decision chosen
for the signer, and routes that show each stage's state apart from its meaning."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from approvals import services
from approvals.models import DistributionDefault, DistributionNoReaders, Meaning, Signature
from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from tests.approvals.factories import approve_through_route, make_effective_document, set_route, sign, stage
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    make_document,
    make_upload,
)

pytestmark = pytest.mark.django_db


def register(officer, *, department=None, doc_type=None, distribution=(), file_name="quy-trinh.pdf"):
    """Registered the way the officer's page does it: no readers unless chosen."""
    return document_services.document_register(
        actor=officer,
        doc_type=doc_type or DocumentTypeFactory(),
        department=department or DepartmentFactory(code="VP", name="Văn phòng"),
        title="Quy trình tiếp nhận hồ sơ",
        distribution=distribution,
        file=make_upload(file_name),
    )


# --- problem 1: an approved procedure never goes effective with nobody asked to read it ---


def test_a_draft_with_nobody_on_its_distribution_is_not_submitted_and_the_page_says_why(client):
    # given a procedure registered without ticking any department (and no defaults)
    officer = UserFactory(officer=True)
    UserFactory(approver=True)  # the default route has someone to sign it
    document = register(officer)
    version = document.versions.get()
    client.force_login(officer)
    # when the officer submits it
    response = client.post(reverse("documents:transition", args=[version.pk, "submit"]), follow=True)
    # then it stays a draft and the page tells what to do
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT
    assert (
        f"Nobody is asked to read {document.number}: its distribution is empty." in response.content.decode()
    )
    with pytest.raises(TransitionError):
        document_services.version_submit(actor=officer, version=version)


def test_the_officer_records_no_readers_explicitly_and_it_is_kept_in_history(client):
    # given a draft nobody has to read (say, a form kept for the record)
    officer = UserFactory(officer=True, first_name="Hà", last_name="Văn Nam")
    approver = UserFactory(approver=True)
    document = register(officer)
    client.force_login(officer)
    url = reverse("approvals:distribution", args=[document.pk])
    # when the officer saves the form with nothing chosen, then ticks "nobody"
    empty = client.post(url, {})
    recorded = client.post(url, {"no_readers": "on", "reason": "Biểu mẫu lưu hồ sơ"})
    # then the empty form is refused with a message, the decision is recorded with the officer's name
    assert empty.status_code == 200 and "or tick “Nobody has to read this document”" in empty.content.decode()
    assert recorded.status_code == 302
    decision = DistributionNoReaders.objects.get(document=document)
    assert decision.decided_by == officer and decision.reason == "Biểu mẫu lưu hồ sơ"
    assert decision.history.get().history_user == officer
    # and the draft can now be submitted; its sign page says nobody will be asked to read it
    version = document_services.version_submit(actor=officer, version=document.versions.get())
    client.force_login(approver)
    page = client.get(reverse("approvals:sign", args=[version.pk])).content.decode()
    assert "Nobody: Hà Văn Nam recorded on" in page and "Biểu mẫu lưu hồ sơ" in page


def test_choosing_readers_later_replaces_the_no_readers_decision_in_history():
    officer = UserFactory(officer=True)
    document = register(officer)
    services.distribution_set(actor=officer, document=document, departments=[], groups=[], no_readers=True)
    # when the officer chooses a department
    department = DepartmentFactory(code="KT")
    services.distribution_set(actor=officer, document=document, departments=[department], groups=[])
    # then the decision is gone, and its history shows it was recorded then removed
    assert not DistributionNoReaders.objects.filter(document=document).exists()
    assert [row.history_type for row in DistributionNoReaders.history.order_by("history_date")] == ["+", "-"]
    # choosing both at once is refused whole
    with pytest.raises(Exception, match="not both"):
        services.distribution_set(
            actor=officer, document=document, departments=[department], groups=[], no_readers=True
        )
    assert list(document.distribution.all()) == [department]


def test_new_documents_get_the_default_readers_the_officer_set_for_their_type_and_department(client):
    # given defaults set on the officers' page: all procedures → KT; procedures of VP → TC and a group
    officer = UserFactory(officer=True)
    procedure = DocumentTypeFactory(code="QT")
    vp, kt, tc = DepartmentFactory(code="VP"), DepartmentFactory(code="KT"), DepartmentFactory(code="TC")
    auditors = Group.objects.create(name="Kiểm soát nội bộ")
    client.force_login(officer)
    new = reverse("approvals:distribution_default_new")
    assert client.post(new, {"doc_type": procedure.pk, "departments": [kt.pk]}).status_code == 302
    response = client.post(
        new, {"doc_type": procedure.pk, "department": vp.pk, "departments": [tc.pk], "groups": [auditors.pk]}
    )
    assert response.status_code == 302
    duplicate = client.post(new, {"doc_type": procedure.pk, "departments": [tc.pk]})
    assert "There are already default readers" in duplicate.content.decode()
    assert DistributionDefault.objects.count() == 2
    listing = client.get(reverse("approvals:distribution_default_list")).content.decode()
    assert "Kiểm soát nội bộ" in listing
    # when documents are registered without choosing readers, and one with a choice
    of_vp = register(officer, doc_type=procedure, department=vp)
    of_kt = register(officer, doc_type=procedure, department=kt)
    chosen = register(officer, doc_type=procedure, department=vp, distribution=[kt])
    # then the most specific default applies; a choice is kept as made
    assert list(of_vp.distribution.all()) == [tc]
    assert [row.group for row in of_vp.distribution_groups.all()] == [auditors]
    assert list(of_kt.distribution.all()) == [kt]
    assert list(chosen.distribution.all()) == [kt] and not chosen.distribution_groups.exists()


def test_staff_cannot_reach_the_default_readers_page():
    client = APIClient()
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("approvals:distribution_default_list")).status_code == 404
    assert client.get(reverse("approvals:distribution_default_new")).status_code == 404


def test_the_api_sets_readers_or_no_readers_and_refuses_an_empty_distribution():
    officer = UserFactory(officer=True)
    document = register(officer)
    department = DepartmentFactory(code="KT")
    UserFactory(staff=True, departments=[department])
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/v1/distributions/{document.pk}/"
    # an empty distribution: 400 with the reason on the field
    empty = api.put(url, {"departments": [], "groups": []}, format="json")
    assert empty.status_code == 400 and "departments" in empty.json()
    both = api.put(url, {"departments": [department.pk], "no_readers": True}, format="json")
    assert both.status_code == 400 and "no_readers" in both.json()
    # readers: counted
    readers = api.put(url, {"departments": [department.pk]}, format="json")
    assert readers.status_code == 200
    assert readers.json() == {
        "document": document.pk,
        "departments": [department.pk],
        "groups": [],
        "no_readers": False,
        "reason": "",
        "reader_count": 1,
    }
    nobody = api.put(url, {"no_readers": True, "reason": "Lưu trữ"}, format="json")
    assert nobody.status_code == 200 and nobody.json()["no_readers"] is True
    assert api.get(url).json()["reason"] == "Lưu trữ"
    # staff: 404, as for a document they may not manage
    staff_api = APIClient()
    staff_api.force_authenticate(UserFactory(staff=True))
    assert staff_api.get(url).status_code == 404


def test_officers_are_told_when_a_version_goes_effective_with_nobody_to_read_it():
    # given a version already in review with nobody on its distribution (before the rule)
    officer = UserFactory(officer=True)
    document = register(officer)
    version = document.versions.get()
    DocumentVersion.objects.filter(pk=version.pk).update(status=DocumentStatus.IN_REVIEW)
    from approvals.models import ApprovalRoute

    ApprovalRoute.objects.filter(version=version).update(round=1)
    # when it is approved and becomes effective
    version = approve_through_route(version)
    # then the officers get a notification instead of silence
    assert version.status == DocumentStatus.EFFECTIVE
    assert officer.notifications.filter(kind="distribution.empty").count() == 1


# --- problem 2: staff see why they have nothing to acknowledge ---


def test_staff_outside_the_distribution_are_told_why_they_have_nothing_to_acknowledge(client):
    # given an effective procedure distributed to KT only
    officer = UserFactory(officer=True)
    kt, tc = DepartmentFactory(code="KT"), DepartmentFactory(code="TC")
    reader = UserFactory(staff=True, departments=[kt])
    outsider = UserFactory(staff=True, departments=[tc])
    document = make_document(officer=officer, status=DocumentStatus.DRAFT)
    services.distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    version = document.versions.get()
    document_services.version_submit(actor=officer, version=version)
    approve_through_route(version)
    url = reverse("documents:version_detail", args=[version.pk])
    # when each opens the version page
    client.force_login(outsider)
    outsider_page = client.get(url).content.decode()
    client.force_login(reader)
    reader_page = client.get(url).content.decode()
    # then the outsider reads why, the reader gets the button
    message = "This document is not distributed to your department; ask the QMS officer."
    assert message in outsider_page and "I have read and understood this version" not in outsider_page
    assert message not in reader_page and "I have read and understood this version" in reader_page


# --- problem 4: the sign page shows what is signed and chooses nothing for the signer ---


def in_review(officer=None, **kwargs):
    officer = officer or UserFactory(officer=True)
    version = make_document(officer=officer, **kwargs).versions.get()
    return document_services.version_submit(actor=officer, version=version)


def test_the_sign_page_shows_the_pages_the_readers_and_no_decision_chosen(client):
    # given a first revision (a DOCX) in review, distributed to a department of two
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT", name="Kế toán")
    UserFactory(staff=True, departments=[kt]), UserFactory(staff=True, departments=[kt])
    document = make_document(officer=officer, file_name="quy-trinh.docx")
    services.distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    version = document_services.version_submit(actor=officer, version=document.versions.get())
    approver = UserFactory(approver=True)
    client.force_login(approver)
    # when the approver opens the sign page
    page = client.get(reverse("approvals:sign", args=[version.pk])).content.decode()
    # then the pages being signed are on it as images served by our own view
    image = reverse("renditions:version_page_image", args=[version.pk, 1])
    assert f'src="{image}"' in page
    png = client.get(image)
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG") and png["Cache-Control"] == "private, no-store"
    # the first revision says so plainly; the readers are counted before the signature
    assert "First revision: nothing to compare." in page
    assert "Who will be asked to read this" in page and "KT – Kế toán" in page
    assert "2 readers will be asked to read it and confirm" in page
    # no decision is chosen for the signer
    radios = re.findall(r'<input type="radio" name="decision"[^>]*>', page)
    assert len(radios) == 3 and not any("checked" in radio for radio in radios)


def test_signing_without_choosing_a_decision_is_refused_with_a_message(client):
    version = in_review()
    approver = UserFactory(approver=True)
    client.force_login(approver)
    url = reverse("approvals:sign", args=[version.pk])
    response = client.post(url, {"comment": "", "password": PASSWORD})
    assert response.status_code == 200
    assert "Choose your decision: approve, request changes or reject." in response.content.decode()
    assert not Signature.objects.exists()
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW


def test_page_images_follow_the_visibility_rule_and_pages_that_do_not_exist_are_404(client):
    version = in_review()
    client.force_login(UserFactory(staff=True))  # staff do not see drafts in review
    assert client.get(reverse("renditions:version_page_image", args=[version.pk, 1])).status_code == 404
    client.force_login(UserFactory(approver=True))
    assert client.get(reverse("renditions:version_page_image", args=[version.pk, 1])).status_code == 200
    assert client.get(reverse("renditions:version_page_image", args=[version.pk, 99])).status_code == 404
    assert client.get(reverse("renditions:version_page_image", args=[version.pk, 0])).status_code == 404


def test_the_sign_page_of_a_second_revision_shows_the_changes_against_the_effective_one(client):
    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer, file_name=None)
    draft = document_services.version_create_draft(
        actor=officer, document=document, body="Nội dung mới", change_summary="Sửa bước 2"
    )
    version = document_services.version_submit(actor=officer, version=draft)
    client.force_login(UserFactory(approver=True))
    page = client.get(reverse("approvals:sign", args=[version.pk])).content.decode()
    assert "compared with revision" in page and "Nội dung mới" in page
    assert "First revision" not in page


# --- problem 5: each stage shows its state apart from its meaning ---


def test_a_draft_route_shows_meaning_and_state_apart(client):
    officer = UserFactory(officer=True)
    version = make_document(officer=officer).versions.get()
    set_route(
        version,
        [
            stage("Review", users=[UserFactory(approver=True)], meaning=Meaning.REVIEWED),
            stage("Approval", users=[UserFactory(approver=True)]),
        ],
        officer=officer,
    )
    client.force_login(officer)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    text = re.sub(r"\s+", " ", text)
    assert "1. Review meaning: Reviewed state: waiting" in text
    assert "2. Approval meaning: Approved state: waiting" in text
    assert "Review · Reviewed" not in text and "Approval · Approved" not in text


def test_a_route_in_review_shows_who_signed_who_is_awaited_and_my_tasks_says_what_signing_means(client):
    officer = UserFactory(officer=True)
    reviewer = UserFactory(approver=True, first_name="Lê", last_name="Minh")
    approver = UserFactory(approver=True, first_name="Trần", last_name="Hoa")
    version = make_document(officer=officer).versions.get()
    set_route(
        version,
        [stage("Review", users=[reviewer], meaning=Meaning.REVIEWED), stage("Approval", users=[approver])],
        officer=officer,
    )
    version = document_services.version_submit(actor=officer, version=version)
    client.force_login(reviewer)
    tasks = client.get(reverse("approvals:my_tasks")).content.decode()
    assert "(reviewed)" not in tasks
    assert "Your signature will mean: Reviewed – “I have reviewed this revision.”" in tasks
    sign(version, reviewer)
    client.force_login(approver)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "1. Review meaning: Reviewed state: signed by Lê Minh" in text
    assert "2. Approval meaning: Approved state: active" in text and "Waiting for Trần Hoa." in text
    tasks = client.get(reverse("approvals:my_tasks")).content.decode()
    assert "Your signature will mean: Approved – “I approve this revision for use.”" in tasks
    # once effective, every stage shows who signed it
    sign(version, approver)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "2. Approval meaning: Approved state: signed by Trần Hoa" in text
