"""Route logic: templates, stage order, all/any, author excluded, rounds, and the hooks
that make the route the only way to approve."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approvals import selectors, services
from approvals.models import (
    ApprovalRoute,
    Decision,
    Meaning,
    RouteTemplate,
    RouteTemplateStage,
    Signature,
    StageMode,
)
from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from organisation.selectors import role_group
from tests.approvals.factories import approve_through_route, set_route, sign, stage
from tests.documents.factories import (
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    make_document,
    make_upload,
)

pytestmark = pytest.mark.django_db


def draft(officer=None, **kwargs):
    officer = officer or UserFactory(officer=True)
    return make_document(officer=officer, **kwargs).versions.get()


def submit(version, actor=None):
    return document_services.version_submit(actor=actor or version.author, version=version)


def test_a_new_draft_copies_the_default_route_and_one_approver_makes_it_effective_today():
    # given a draft with the route copied from the default template (any one approver)
    officer = UserFactory(officer=True)
    approver = UserFactory(approver=True, first_name="Lan", last_name="Nguyễn")
    version = draft(officer)
    route = version.route
    assert route.template.stages.count() == 1
    assert [(s.meaning, s.mode, s.group.name) for s in route.stages.all()] == [
        ("approved", "any", "Approver")
    ]
    # when it is submitted and the approver signs
    submit(version)
    signature = sign(version, approver)
    # then it is approved and effective today, and the signature says who, what and on which bytes
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert version.effective_date == timezone.localdate()
    assert version.approved_by == approver
    assert signature.signer_name == "Lan Nguyễn"
    assert signature.signer_role == "Approver"
    assert (signature.meaning, signature.decision, signature.round) == (Meaning.APPROVED, Decision.APPROVE, 1)
    assert signature.content_sha256 == version.checksum


def test_the_most_specific_template_wins():
    qt, hd = DocumentTypeFactory(code="QT"), DocumentTypeFactory(code="HD", name="Hướng dẫn")
    vp, tc = DepartmentFactory(code="VP"), DepartmentFactory(code="TC")
    approvers = role_group("Approver")
    for name, doc_type, department in [("type", qt, None), ("both", qt, vp), ("dept", None, tc)]:
        template = RouteTemplate.objects.create(name=name, doc_type=doc_type, department=department)
        RouteTemplateStage.objects.create(template=template, name=name, group=approvers)
    assert services.route_template_for(doc_type=qt, department=vp).name == "both"
    assert services.route_template_for(doc_type=qt, department=tc).name == "type"
    assert services.route_template_for(doc_type=hd, department=tc).name == "dept"
    assert services.route_template_for(doc_type=hd, department=vp).name.startswith("Mặc định")


def test_submit_is_refused_without_an_approving_stage():
    officer = UserFactory(officer=True)
    version = draft(officer)
    set_route(
        version,
        [stage("Xem xét", users=[UserFactory(approver=True)], meaning=Meaning.REVIEWED)],
        officer=officer,
    )
    with pytest.raises(TransitionError) as error:
        submit(version)
    assert "approving stage" in error.value.message
    set_route(version, [], officer=officer)
    with pytest.raises(TransitionError):
        submit(version)
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT
    assert version.route.round == 0


def test_without_any_template_the_draft_has_an_empty_route_and_cannot_be_submitted():
    RouteTemplate.objects.all().delete()
    version = draft()
    assert version.route.stages.count() == 0
    with pytest.raises(TransitionError):
        submit(version)


def test_stages_run_in_order_and_only_the_active_stage_sees_its_task():
    officer = UserFactory(officer=True)
    reviewer, approver = UserFactory(approver=True), UserFactory(approver=True)
    version = draft(officer)
    set_route(
        version,
        [stage("Xem xét", users=[reviewer], meaning=Meaning.REVIEWED), stage("Phê duyệt", users=[approver])],
        officer=officer,
    )
    submit(version)
    # the approver of stage 2 has no task and cannot sign yet
    assert selectors.signing_tasks_for(approver) == []
    assert [t.stage.name for t in selectors.signing_tasks_for(reviewer)] == ["Xem xét"]
    with pytest.raises(services.NotASigner):
        sign(version, approver)
    assert not Signature.objects.exists()
    # once the reviewer signed, the task moves to the approver
    sign(version, reviewer)
    assert selectors.signing_tasks_for(reviewer) == []
    assert [t.stage.name for t in selectors.signing_tasks_for(approver)] == ["Phê duyệt"]
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    sign(version, approver)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert [s.meaning for s in version.signatures.all()] == [Meaning.REVIEWED, Meaning.APPROVED]


def test_mode_all_needs_every_signer_and_mode_any_needs_one():
    officer = UserFactory(officer=True)
    a, b, c, d = (UserFactory(approver=True) for _ in range(4))
    version = draft(officer)
    set_route(
        version,
        [stage("Both", users=[a, b], mode=StageMode.ALL), stage("Either", users=[c, d], mode=StageMode.ANY)],
        officer=officer,
    )
    submit(version)
    sign(version, a)
    with pytest.raises(TransitionError):
        sign(version, a)  # signing twice does not count twice
    assert [t.version for t in selectors.signing_tasks_for(b)] == [version]
    assert selectors.signing_tasks_for(c) == []
    sign(version, b)
    sign(version, d)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert selectors.signing_tasks_for(c) == []


def test_a_group_stage_in_mode_all_needs_every_member_except_the_author():
    officer = UserFactory(officer=True)
    author = UserFactory(approver=True, author=True)
    dept = DepartmentFactory(code="KT")
    other = UserFactory(approver=True, departments=[dept])
    author.groups.add(dept.group)
    version = make_document(officer=officer, author=author).versions.get()
    set_route(version, [stage("Phòng KT", group=dept.group, mode=StageMode.ALL)], officer=officer)
    submit(version, actor=author)
    with pytest.raises(TransitionError):
        sign(version, author)
    sign(version, other)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_the_author_is_never_a_signer_and_a_stage_of_only_the_author_blocks_submission():
    officer = UserFactory(officer=True)
    author = UserFactory(approver=True, author=True)
    version = make_document(officer=officer, author=author).versions.get()
    set_route(version, [stage("Self", users=[author])], officer=officer)
    with pytest.raises(TransitionError) as error:
        submit(version, actor=author)
    assert "Nobody can sign" in error.value.message


def test_signers_who_cannot_read_drafts_do_not_count():
    officer = UserFactory(officer=True)
    staff = UserFactory(staff=True)
    version = draft(officer)
    set_route(version, [stage("Staff", users=[staff])], officer=officer)
    with pytest.raises(TransitionError):
        submit(version)


def test_request_changes_returns_the_draft_and_a_new_round_starts_from_the_first_stage():
    # given a two-stage route where the reviewer approved and the approver requested changes
    officer = UserFactory(officer=True)
    author = UserFactory(author=True)
    reviewer, approver = UserFactory(approver=True), UserFactory(approver=True)
    version = make_document(officer=officer, author=author).versions.get()
    set_route(
        version,
        [stage("Review", users=[reviewer], meaning=Meaning.REVIEWED), stage("Approve", users=[approver])],
        officer=officer,
    )
    submit(version, actor=author)
    sign(version, reviewer)
    with pytest.raises(ValidationError):
        sign(version, approver, Decision.REQUEST_CHANGES, comment="  ")
    sign(version, approver, Decision.REQUEST_CHANGES, comment="Bổ sung bước 3")
    # then the author has the draft back with the comment
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT
    assert "Bổ sung bước 3" in version.review_comment
    assert version.author.notifications.filter(kind="approval.returned").exists()
    # when the author uploads a new file and resubmits
    document_services.version_update_draft(
        actor=author, version=version, file=make_upload("v2.pdf", text="Bước 3")
    )
    submit(version, actor=author)
    # then round 2 needs the reviewer again: round-1 signatures stay but do not count
    route = ApprovalRoute.objects.get(version=version)
    assert route.round == 2
    assert [t.stage.name for t in selectors.signing_tasks_for(reviewer)] == ["Review"]
    assert selectors.signing_tasks_for(approver) == []
    sign(version, reviewer)
    sign(version, approver)
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert list(version.signatures.values_list("round", "decision")) == [
        (1, "approve"),
        (1, "request_changes"),
        (2, "approve"),
        (2, "approve"),
    ]
    # the round-2 signatures are bound to the new file
    assert {s.content_sha256 for s in version.signatures.filter(round=2)} == {version.checksum}


def test_reject_also_returns_to_draft_with_the_comment():
    version = draft()
    submit(version)
    sign(version, UserFactory(approver=True), Decision.REJECT, comment="Không phù hợp")
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT
    assert "Không phù hợp" in version.review_comment


def test_approval_and_return_cannot_bypass_the_route():
    version = draft()
    submit(version)
    approver = UserFactory(approver=True)
    with pytest.raises(TransitionError):
        document_services.version_approve(actor=approver, version=version)
    with pytest.raises(TransitionError):
        document_services.version_reject(actor=approver, version=version, comment="no")
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW


def test_route_can_only_change_while_draft_and_only_by_an_officer():
    officer = UserFactory(officer=True)
    version = draft(officer)
    with pytest.raises(PermissionDenied):
        set_route(version, [stage(users=[UserFactory(approver=True)])], officer=UserFactory(approver=True))
    with pytest.raises(ValidationError):
        set_route(version, [stage("No signers")], officer=officer)
    submit(version)
    with pytest.raises(TransitionError):
        set_route(version, [stage(users=[UserFactory(approver=True)])], officer=officer)


def test_a_later_planned_date_leaves_the_version_approved_pending_until_the_scheduled_step():
    officer = UserFactory(officer=True)
    version = draft(officer)
    later = timezone.localdate() + datetime.timedelta(days=5)
    submit(version)
    approve_through_route(version, effective_date=later)
    assert version.status == DocumentStatus.APPROVED and version.is_pending_effective
    assert document_services.version_make_due_effective(today=later) == [version.pk]
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_make_due_effective_command_runs_the_scheduled_step(capsys):
    from django.core.management import call_command

    version = draft()
    submit(version)
    approve_through_route(version, effective_date=timezone.localdate() + datetime.timedelta(days=1))
    DocumentVersion.objects.filter(pk=version.pk).update(effective_date=timezone.localdate())
    call_command("make_due_effective")
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert "1" in capsys.readouterr().out
