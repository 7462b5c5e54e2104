"""Segregation of duties: by default a person signs at most one stage of a route per round
(review and approval by different people); a route template may turn the rule off."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from approvals import selectors, services
from approvals.models import ApprovalRoute, Decision, Meaning, Signature
from documents import services as document_services
from documents.workflow import DocumentStatus, TransitionError
from notifications.models import Notification
from signatures.models import SigningAttempt
from tests.approvals.factories import sign, stage
from tests.documents.factories import PASSWORD, DocumentTypeFactory, UserFactory, make_document

pytestmark = pytest.mark.django_db
API = "/api/v1"


def template_with_two_stages(*, officer, doc_type, reviewers, approvers, **options):
    return services.route_template_save(
        actor=officer,
        name="Xem xét rồi phê duyệt",
        doc_type=doc_type,
        stages=[
            stage("Xem xét", users=reviewers, meaning=Meaning.REVIEWED),
            stage("Phê duyệt", users=approvers),
        ],
        **options,
    )


@pytest.fixture
def people():
    class People:
        officer = UserFactory(officer=True)
        author = UserFactory(author=True)
        lan = UserFactory(approver=True, first_name="Lan", last_name="Trần")  # on both stages
        reviewer = UserFactory(approver=True)
        approver = UserFactory(approver=True)

    return People


def submitted(people, *, doc_type_code="QT", **options):
    """A version in review whose route comes from a review-then-approve template with Lan on
    both stages (the template of its own document type)."""
    doc_type = DocumentTypeFactory(code=doc_type_code, name=f"Loại {doc_type_code}")
    template_with_two_stages(
        officer=people.officer,
        doc_type=doc_type,
        reviewers=[people.lan, people.reviewer],
        approvers=[people.lan, people.approver],
        **options,
    )
    version = make_document(officer=people.officer, author=people.author, doc_type=doc_type).versions.get()
    return document_services.version_submit(actor=people.author, version=version)


def written(version):
    return (
        Signature.objects.count(),
        SigningAttempt.objects.count(),
        version.history.count(),
        ApprovalRoute.history.filter(version_id=version.pk).count(),
        Notification.objects.count(),
    )


def test_by_default_a_signer_of_the_review_cannot_also_sign_the_approval(people):
    # given a route copied from a template that keeps the default, Lan signed the review
    version = submitted(people)
    assert version.route.one_stage_per_signer
    sign(version, people.lan)
    before = written(version)
    # when Lan tries to sign the approval stage too
    with pytest.raises(TransitionError) as refused:
        sign(version, people.lan)
    # then the signature is refused with the reason, and nothing at all is written
    assert "You already signed the stage “Xem xét” in this round" in refused.value.message
    assert written(version) == before
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    # and the approval waits for the other approver, the only one told and offered the task
    assert selectors.signing_tasks_for(people.lan) == []
    assert not selectors.user_may_sign(people.lan, version)
    assert [t.stage.name for t in selectors.signing_tasks_for(people.approver)] == ["Phê duyệt"]
    told = Notification.objects.filter(kind="approval.sign", message__contains="Phê duyệt")
    assert set(told.values_list("recipient", flat=True)) == {people.approver.pk}
    sign(version, people.approver)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_the_sign_page_refuses_the_second_stage_with_a_message(client, people):
    # given Lan signed the review on the sign page
    version = submitted(people)
    client.force_login(people.lan)
    url = reverse("approvals:sign", args=[version.pk])
    assert client.post(url, {"decision": "approve", "password": PASSWORD}).status_code == 302
    # when Lan opens the sign page again, then no form is offered, the reason is shown
    page = client.get(url).content.decode()
    assert "Your password (to sign)" not in page
    assert "You already signed another stage of this version in this round." in page
    assert "Review and sign" not in client.get(reverse("approvals:my_tasks")).content.decode()
    # when Lan posts a signature anyway
    before = written(version)
    response = client.post(url, {"decision": "approve", "password": PASSWORD}, follow=True)
    # then the page says why and nothing is written
    assert "someone else must sign “Phê duyệt”" in response.content.decode()
    assert written(version) == before


def test_the_api_refuses_the_second_stage_with_409(people):
    # given Lan signed the review through the API
    version = submitted(people)
    api = APIClient()
    api.force_authenticate(people.lan)
    url = f"{API}/approval-routes/{version.pk}/sign/"
    assert api.post(url, {"decision": "approve", "password": PASSWORD}).status_code == 201
    assert api.get(f"{API}/approval-tasks/").json() == []
    before = written(version)
    # when Lan signs again
    response = api.post(url, {"decision": "approve", "password": PASSWORD})
    # then 409 with the reason; nothing written
    assert response.status_code == 409
    assert "Each signer signs one stage" in response.json()["detail"]
    assert written(version) == before
    assert api.get(f"{API}/approval-routes/{version.pk}/").json()["one_stage_per_signer"] is True


def test_a_template_that_turns_the_rule_off_lets_one_person_sign_both_stages(people):
    # given the template allows one person on several stages
    version = submitted(people, one_stage_per_signer=False)
    assert not version.route.one_stage_per_signer
    # when Lan signs the review and then the approval
    sign(version, people.lan)
    assert [t.stage.name for t in selectors.signing_tasks_for(people.lan)] == ["Phê duyệt"]
    sign(version, people.lan)
    # then the version is approved by Lan's two signatures
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert list(version.signatures.values_list("signer", "stage_position")) == [
        (people.lan.pk, 1),
        (people.lan.pk, 2),
    ]


def test_a_new_round_after_changes_were_requested_lets_the_person_sign_again(people):
    # given Lan reviewed in round 1 and the approver requested changes
    version = submitted(people)
    sign(version, people.lan)
    sign(version, people.approver, Decision.REQUEST_CHANGES, comment="Sửa mục 4")
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT
    # when the author resubmits (round 2) and another reviewer signs the review
    document_services.version_submit(actor=people.author, version=version)
    sign(version, people.reviewer)
    # then Lan, who signed only in round 1, may approve in round 2
    assert [t.stage.name for t in selectors.signing_tasks_for(people.lan)] == ["Phê duyệt"]
    sign(version, people.lan)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert list(version.signatures.values_list("round", "stage_position", "signer")) == [
        (1, 1, people.lan.pk),
        (1, 2, people.approver.pk),
        (2, 1, people.reviewer.pk),
        (2, 2, people.lan.pk),
    ]


def test_an_all_stage_does_not_wait_for_a_signer_kept_off_it(people):
    # given a route whose approval needs all of Lan and the approver, and Lan reviewed
    version = make_document(officer=people.officer, author=people.author).versions.get()
    services.route_set(
        actor=people.officer,
        version=version,
        stages=[
            stage("Xem xét", users=[people.lan], meaning=Meaning.REVIEWED),
            stage("Phê duyệt", users=[people.lan, people.approver], mode="all"),
        ],
    )
    document_services.version_submit(actor=people.author, version=version)
    sign(version, people.lan)
    # when the approver signs
    sign(version, people.approver)
    # then the "all" stage is complete without Lan, and the version is approved
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_a_route_without_enough_different_signers_cannot_be_submitted(people):
    # given a draft whose two stages have the same single signer
    version = make_document(officer=people.officer, author=people.author).versions.get()
    services.route_set(
        actor=people.officer,
        version=version,
        stages=[
            stage("Xem xét", users=[people.lan], meaning=Meaning.REVIEWED),
            stage("Phê duyệt", users=[people.lan]),
        ],
    )
    # when it is submitted, then it is refused before it can get stuck in review
    with pytest.raises(TransitionError) as refused:
        document_services.version_submit(actor=people.author, version=version)
    assert "not have enough different signers" in refused.value.message
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT


def test_a_signer_needed_for_a_later_stage_is_kept_from_taking_an_earlier_one(people):
    # given Lan may review (with the reviewer) but is the only approver
    version = make_document(officer=people.officer, author=people.author).versions.get()
    services.route_set(
        actor=people.officer,
        version=version,
        stages=[
            stage("Xem xét", users=[people.lan, people.reviewer], meaning=Meaning.REVIEWED),
            stage("Phê duyệt", users=[people.lan]),
        ],
    )
    document_services.version_submit(actor=people.author, version=version)
    attempts = SigningAttempt.objects.count()
    # when Lan tries to approve the review, then it is refused: nobody would be left to approve
    with pytest.raises(TransitionError) as refused:
        sign(version, people.lan)
    assert "you are needed for a later stage" in refused.value.message
    assert not Signature.objects.filter(version=version).exists()
    assert SigningAttempt.objects.count() == attempts
    # and the route still finishes: the reviewer reviews, Lan approves
    sign(version, people.reviewer)
    sign(version, people.lan)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_the_route_and_the_template_show_the_rule(client, people):
    # given a version in review under the default rule, and one whose template turned it off
    on = submitted(people)
    off = submitted(people, doc_type_code="HD", one_stage_per_signer=False)
    client.force_login(people.officer)
    # when the officer opens them, then each route says which rule applies, in English and Vietnamese
    page = client.get(reverse("documents:version_detail", args=[on.pk])).content.decode()
    assert "Each signer signs one stage" in page
    page = client.get(reverse("documents:version_detail", args=[off.pk])).content.decode()
    assert "One person may sign several stages of this route." in page
    page = client.get(reverse("documents:version_detail", args=[on.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Một người chỉ ký một bước" in page.content.decode()
    templates = client.get(reverse("approvals:route_template_list")).content.decode()
    assert "Each signer signs one stage" in templates and "One person may sign several stages" in templates


def test_officer_turns_the_rule_off_on_the_template_page_and_new_drafts_copy_it(client, people):
    # given the template form with the rule on by default
    client.force_login(people.officer)
    url = reverse("approvals:route_template_new")
    form = client.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="one_stage_per_signer"[^>]*checked', form)
    doc_type = DocumentTypeFactory(code="HD", name="Hướng dẫn")
    data = {
        "name": "Một người ký cả hai bước",
        "doc_type": doc_type.pk,
        "is_active": "on",
        # one_stage_per_signer unticked
        "stages-TOTAL_FORMS": "2",
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "1000",
        "stages-0-name": "Xem xét",
        "stages-0-meaning": "reviewed",
        "stages-0-mode": "any",
        "stages-0-users": [people.lan.pk],
        "stages-0-ORDER": "1",
        "stages-1-name": "Phê duyệt",
        "stages-1-meaning": "approved",
        "stages-1-mode": "any",
        "stages-1-users": [people.lan.pk],
        "stages-1-ORDER": "2",
    }
    # when the officer saves it with the box unticked
    response = client.post(url, data)
    # then new drafts of that type copy a route where Lan signs both stages
    assert response.status_code == 302, response.content.decode()[:2000]
    version = make_document(officer=people.officer, author=people.author, doc_type=doc_type).versions.get()
    assert version.route.one_stage_per_signer is False
    document_services.version_submit(actor=people.author, version=version)
    sign(version, people.lan)
    sign(version, people.lan)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_route_templates_api_reads_and_writes_the_rule(people):
    # given an officer on the API
    api = APIClient()
    api.force_authenticate(people.officer)
    body = {
        "name": "Hai người khác nhau",
        "stages": [
            {"name": "Xem xét", "meaning": "reviewed", "users": [people.reviewer.pk]},
            {"name": "Phê duyệt", "meaning": "approved", "users": [people.approver.pk]},
        ],
    }
    # when a template is created without the field, then the rule is on
    created = api.post(f"{API}/route-templates/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["one_stage_per_signer"] is True
    # when it is changed with the rule off, then it reads back off
    url = f"{API}/route-templates/{created.json()['id']}/"
    changed = api.put(url, {**body, "one_stage_per_signer": False}, format="json")
    assert changed.status_code == 200 and changed.json()["one_stage_per_signer"] is False
    assert api.get(url).json()["one_stage_per_signer"] is False
    # and a value that is not a boolean is a 400, nothing changed
    bad = api.put(url, {**body, "one_stage_per_signer": "maybe"}, format="json")
    assert bad.status_code == 400 and "one_stage_per_signer" in bad.json()
    assert api.get(url).json()["one_stage_per_signer"] is False
