"""Services: numbering, the verification rule, immutability after closing, reopening,
corrective actions and their evidence, audit findings."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from nonconformities import services
from nonconformities.models import CorrectiveAction, Nonconformity, Verification
from nonconformities.workflow import ClosedRecordError, NonconformityStatus, NonconformityTransitionError
from notifications.models import Notification
from tests.documents.factories import UserFactory, make_upload
from tests.nonconformities.factories import advance, make_nc, report

pytestmark = pytest.mark.django_db


def test_numbers_are_assigned_by_the_system_per_year_and_never_reused(cast):
    # given / when
    first = report(cast)
    second = report(cast)
    older = report(cast, date_detected=datetime.date(2025, 12, 30))
    # then
    year = timezone.localdate().year
    assert first.number == f"NC-{year}-001"
    assert second.number == f"NC-{year}-002"
    assert older.number == "NC-2025-001"


def test_the_head_of_the_department_answers_unless_an_officer_names_an_owner(cast):
    # given a staff reporter who tries to name an owner
    nc = services.nonconformity_report(
        actor=cast.reporter,
        title="t",
        source="other",
        department=cast.department,
        description="d",
        severity="minor",
        owner=cast.stranger,
    )
    # then the department head owns it and was told
    assert nc.owner == cast.head
    assert Notification.objects.filter(recipient=cast.head, kind="nonconformity_assigned").exists()
    # when an officer names the owner
    by_officer = services.nonconformity_report(
        actor=cast.officer,
        title="t",
        source="other",
        department=cast.department,
        description="d",
        severity="minor",
        owner=cast.owner,
    )
    assert by_officer.owner == cast.owner


@pytest.mark.parametrize(
    "field, value",
    [("title", "  "), ("description", ""), ("source", "rumour"), ("severity", "huge")],
)
def test_bad_report_input_is_refused_and_nothing_is_saved(cast, field, value):
    fields = {
        "actor": cast.reporter,
        "title": "t",
        "source": "other",
        "department": cast.department,
        "description": "d",
        "severity": "minor",
    }
    fields[field] = value
    with pytest.raises(ValidationError):
        services.nonconformity_report(**fields)
    assert not Nonconformity.objects.exists()


def test_a_future_detection_date_is_refused(cast):
    with pytest.raises(ValidationError):
        report(cast, date_detected=timezone.localdate() + datetime.timedelta(days=1))


def test_only_handlers_move_the_record_and_a_refusal_writes_no_history(cast):
    # given
    nc = make_nc(cast, NonconformityStatus.OPEN)
    before = nc.history.count()
    # when the reporter (not owner, head or officer) tries to contain it
    with pytest.raises(PermissionDenied):
        services.nonconformity_contain(actor=cast.reporter, nonconformity=nc, containment="x")
    # then
    assert nc.history.count() == before
    # and the head of the department may
    services.nonconformity_contain(actor=cast.head, nonconformity=nc, containment="x")


def test_root_cause_needs_a_statement_and_an_analysis(cast):
    nc = make_nc(cast, NonconformityStatus.CONTAINED)
    with pytest.raises(ValidationError):
        services.nonconformity_analyse(actor=cast.owner, nonconformity=nc, five_whys=["a"], root_cause=" ")
    with pytest.raises(ValidationError):
        services.nonconformity_analyse(actor=cast.owner, nonconformity=nc, five_whys=[" "], root_cause="c")
    with pytest.raises(ValidationError):
        services.nonconformity_analyse(
            actor=cast.owner, nonconformity=nc, cause_categories=["astrology"], root_cause="c"
        )
    # categories alone are an analysis too
    nc = services.nonconformity_analyse(
        actor=cast.owner, nonconformity=nc, cause_categories=["people", "method"], root_cause="c"
    )
    assert nc.status == NonconformityStatus.ROOT_CAUSE
    assert nc.cause_categories == ["people", "method"]


def test_the_analysis_may_be_refined_until_implementation(cast):
    nc = make_nc(cast, NonconformityStatus.ACTION_PLAN)
    nc = services.nonconformity_analyse(
        actor=cast.owner, nonconformity=nc, five_whys=["1", "2", "3", "4", "5", "6"], root_cause="deeper"
    )
    assert nc.status == NonconformityStatus.ACTION_PLAN
    assert nc.five_whys == ["1", "2", "3", "4", "5"]
    assert nc.root_cause == "deeper"


def test_verification_waits_for_the_last_action(cast):
    # given two actions, one done
    nc = make_nc(cast, NonconformityStatus.ROOT_CAUSE)
    due = timezone.localdate() + datetime.timedelta(days=5)
    first = services.corrective_action_add(
        actor=cast.owner, nonconformity=nc, description="a", owner=cast.action_owner, due_date=due
    )
    services.corrective_action_add(
        actor=cast.owner, nonconformity=nc, description="b", owner=cast.owner, due_date=due
    )
    services.nonconformity_plan(actor=cast.owner, nonconformity=nc)
    services.nonconformity_implement(actor=cast.owner, nonconformity=nc)
    services.corrective_action_complete(actor=cast.action_owner, action=first, note="done")
    # when verification is requested
    with pytest.raises(NonconformityTransitionError, match="Every corrective action"):
        services.nonconformity_request_verification(actor=cast.owner, nonconformity=nc)
    # then it stays in implementation
    assert Nonconformity.objects.get(pk=nc.pk).status == NonconformityStatus.IMPLEMENTING


def test_only_the_action_owner_or_an_officer_records_an_action_as_done(cast):
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    action = nc.actions.get()
    with pytest.raises(PermissionDenied):
        services.corrective_action_complete(actor=cast.owner, action=action, note="x")
    with pytest.raises(ValidationError):
        services.corrective_action_complete(actor=cast.action_owner, action=action, note=" ")
    done = services.corrective_action_complete(
        actor=cast.action_owner, action=action, note="Sổ đã lập", evidence=make_upload("so-theo-doi.pdf")
    )
    assert done.status == CorrectiveAction.State.DONE
    assert done.file_name == "so-theo-doi.pdf"
    assert len(done.file_checksum) == 64


def test_evidence_is_checked_by_content_and_a_refused_file_leaves_the_action_open(cast):
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    action = nc.actions.get()
    disguised = make_upload("evidence.pdf", content=b"MZ\x90\x00 this is not a pdf")
    with pytest.raises(ValidationError):
        services.corrective_action_complete(
            actor=cast.action_owner, action=action, note="x", evidence=disguised
        )
    action.refresh_from_db()
    assert action.status == CorrectiveAction.State.OPEN
    assert not action.file


@pytest.mark.parametrize("role", ["auditor", "officer"])
def test_an_action_owner_can_never_verify_effectiveness(cast, role):
    # given a user with the right to verify who also owns one of the actions
    nc = make_nc(cast, NonconformityStatus.ROOT_CAUSE)
    actor = UserFactory(auditor=True) if role == "auditor" else cast.officer
    due = timezone.localdate() + datetime.timedelta(days=5)
    services.corrective_action_add(
        actor=cast.owner, nonconformity=nc, description="a", owner=actor, due_date=due
    )
    nc = advance(cast, nc, NonconformityStatus.VERIFICATION)
    # when the owner of an action tries to verify
    with pytest.raises(NonconformityTransitionError, match="someone else"):
        services.nonconformity_verify(actor=actor, nonconformity=nc, effective=True, notes="works")
    # then nothing was recorded
    assert not Verification.objects.filter(nonconformity=nc).exists()
    assert Nonconformity.objects.get(pk=nc.pk).status == NonconformityStatus.VERIFICATION
    # and a different user may
    services.nonconformity_verify(actor=cast.auditor, nonconformity=nc, effective=True, notes="works")
    assert Nonconformity.objects.get(pk=nc.pk).status == NonconformityStatus.CLOSED


def test_staff_without_the_verify_right_cannot_verify(cast):
    nc = make_nc(cast, NonconformityStatus.VERIFICATION)
    with pytest.raises(PermissionDenied):
        services.nonconformity_verify(actor=cast.reporter, nonconformity=nc, effective=True, notes="x")


def test_verification_needs_evidence_notes(cast):
    nc = make_nc(cast, NonconformityStatus.VERIFICATION)
    with pytest.raises(ValidationError):
        services.nonconformity_verify(actor=cast.auditor, nonconformity=nc, effective=True, notes="")
    assert Nonconformity.objects.get(pk=nc.pk).status == NonconformityStatus.VERIFICATION


def test_the_department_head_may_verify_when_not_an_action_owner(cast):
    nc = make_nc(cast, NonconformityStatus.VERIFICATION)
    services.nonconformity_verify(
        actor=cast.head, nonconformity=nc, effective=True, notes="ok", evidence=make_upload("bien-ban.png")
    )
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.CLOSED
    assert nc.closed_by == cast.head
    assert nc.verifications.get().file_content_type == "image/png"


# --- closed records are immutable ------------------------------------------------------


def test_a_closed_record_refuses_changes_through_the_model(cast):
    nc = make_nc(cast, NonconformityStatus.CLOSED)
    nc.title = "rewritten"
    with pytest.raises(ClosedRecordError):
        nc.save()
    action = nc.actions.get()
    action.description = "rewritten"
    with pytest.raises(ClosedRecordError):
        action.save()
    with pytest.raises(ClosedRecordError):
        action.delete()
    with pytest.raises(ClosedRecordError):
        nc.verifications.get().delete()
    with pytest.raises(ClosedRecordError):
        Nonconformity.objects.get(pk=nc.pk).delete()
    assert Nonconformity.objects.get(pk=nc.pk).title == "Hồ sơ trả chậm"


def test_a_closed_record_refuses_changes_in_the_database(cast):
    nc = make_nc(cast, NonconformityStatus.CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Nonconformity.objects.filter(pk=nc.pk).update(title="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectiveAction.objects.filter(nonconformity=nc).update(description="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        Verification.objects.filter(nonconformity=nc).update(notes="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectiveAction.objects.bulk_create(
            [
                CorrectiveAction(
                    nonconformity=nc,
                    description="sneaked in",
                    owner=cast.owner,
                    due_date=timezone.localdate(),
                    created_by=cast.owner,
                )
            ]
        )
    assert Nonconformity.objects.get(pk=nc.pk).title == "Hồ sơ trả chậm"


def test_services_refuse_to_touch_a_closed_record(cast):
    nc = make_nc(cast, NonconformityStatus.CLOSED)
    due = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(NonconformityTransitionError):
        services.corrective_action_add(
            actor=cast.officer, nonconformity=nc, description="x", owner=cast.owner, due_date=due
        )
    with pytest.raises(NonconformityTransitionError):
        services.nonconformity_analyse(actor=cast.officer, nonconformity=nc, five_whys=["a"], root_cause="b")
    with pytest.raises(NonconformityTransitionError):
        services.nonconformity_assign(actor=cast.officer, nonconformity=nc, owner=cast.stranger)


def test_reopening_is_a_transition_with_a_reason_by_an_officer(cast):
    nc = make_nc(cast, NonconformityStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.nonconformity_reopen(actor=cast.officer, nonconformity=nc, reason="  ")
    with pytest.raises(PermissionDenied):
        services.nonconformity_reopen(actor=cast.owner, nonconformity=nc, reason="recurred")
    # when
    nc = services.nonconformity_reopen(actor=cast.officer, nonconformity=nc, reason="Lặp lại tháng 11")
    # then
    assert nc.status == NonconformityStatus.ROOT_CAUSE
    assert nc.closed_at is None
    assert nc.reopen_reason == "Lặp lại tháng 11"
    last = nc.history.latest("history_date")
    assert last.history_user == cast.officer
    assert last.history_change_reason == "reopen"
    # and the old closure stays in the history
    assert nc.history.filter(status=NonconformityStatus.CLOSED).exists()


def test_a_cancelled_action_does_not_block_verification_and_needs_a_reason(cast):
    nc = make_nc(cast, NonconformityStatus.ROOT_CAUSE)
    due = timezone.localdate() + datetime.timedelta(days=5)
    keep = services.corrective_action_add(
        actor=cast.owner, nonconformity=nc, description="keep", owner=cast.action_owner, due_date=due
    )
    drop = services.corrective_action_add(
        actor=cast.owner, nonconformity=nc, description="drop", owner=cast.action_owner, due_date=due
    )
    with pytest.raises(ValidationError):
        services.corrective_action_cancel(actor=cast.owner, action=drop, reason="")
    services.corrective_action_cancel(actor=cast.owner, action=drop, reason="Trùng với hành động khác")
    services.nonconformity_plan(actor=cast.owner, nonconformity=nc)
    services.nonconformity_implement(actor=cast.owner, nonconformity=nc)
    services.corrective_action_complete(actor=cast.action_owner, action=keep, note="ok")
    nc = services.nonconformity_request_verification(actor=cast.owner, nonconformity=nc)
    assert nc.status == NonconformityStatus.VERIFICATION


def test_a_due_date_in_the_past_is_refused(cast):
    nc = make_nc(cast, NonconformityStatus.ROOT_CAUSE)
    with pytest.raises(ValidationError):
        services.corrective_action_add(
            actor=cast.owner,
            nonconformity=nc,
            description="x",
            owner=cast.owner,
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert not nc.actions.exists()


def test_the_action_owner_is_told_and_verifiers_are_told_when_ready(cast):
    make_nc(cast, NonconformityStatus.VERIFICATION)
    assert Notification.objects.filter(
        recipient=cast.action_owner, kind="corrective_action_assigned"
    ).exists()
    told = set(
        Notification.objects.filter(kind="nonconformity_verification").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"auditor", "officer", "head"} <= told
    assert "actionowner" not in told


def test_an_audit_finding_opens_its_nonconformity(db):
    from audits.models import Finding
    from audits.services import finding_open_nonconformity
    from tests.audits.factories import add_finding, make_audit

    # given a major finding in an audit in progress
    audit = make_audit(status="in_progress")
    finding = add_finding(audit, category=Finding.Category.MAJOR_NC, number="7.5")
    # when the auditor opens its record
    nc = finding_open_nonconformity(actor=audit.lead_auditor, finding=finding)
    # then
    nc = Nonconformity.objects.get(pk=nc.pk)
    assert nc.finding == finding
    assert nc.source == Nonconformity.Source.AUDIT_FINDING
    assert nc.severity == Nonconformity.Severity.MAJOR
    assert nc.iso_clause == "7.5"
    assert nc.department == finding.department
    assert nc.reporter == audit.lead_auditor
    assert "BM-01" in nc.title
    assert "Hồ sơ số 15/2026" in nc.description


def test_an_action_that_changes_a_controlled_document_opens_a_change_request(client, cast):
    from approvals.models import ChangeRequest
    from documents.workflow import DocumentStatus as VersionStatus
    from tests.documents.factories import make_document

    # given an effective procedure
    document = make_document(status=VersionStatus.EFFECTIVE, officer=cast.officer, department=cast.department)
    nc = make_nc(cast, NonconformityStatus.ROOT_CAUSE, documents=[])
    # when the action plan says the procedure must change
    action = services.corrective_action_add(
        actor=cast.owner,
        nonconformity=nc,
        description="Bổ sung bước kiểm tra hạn vào quy trình",
        owner=cast.owner,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        document=document,
    )
    # then a change request is open on it, linked both ways
    request = ChangeRequest.objects.get(document=document)
    assert action.change_request == request
    assert request.corrective_action == action
    assert request.requested_by == cast.owner
    assert nc.number in request.why
    # and the document page lists the nonconformity
    client.force_login(cast.officer)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert nc.number in page


def test_a_change_cannot_be_requested_on_a_document_that_is_not_effective(cast):
    from documents.workflow import DocumentStatus as VersionStatus
    from tests.documents.factories import make_document

    draft = make_document(status=VersionStatus.DRAFT, officer=cast.officer, department=cast.department)
    nc = make_nc(cast, NonconformityStatus.ROOT_CAUSE)
    with pytest.raises(ValidationError):
        services.corrective_action_add(
            actor=cast.officer,
            nonconformity=nc,
            description="x",
            owner=cast.owner,
            due_date=timezone.localdate() + datetime.timedelta(days=10),
            document=draft,
        )
    assert not nc.actions.exists()


def test_one_record_prints_to_pdf_through_the_shared_rendering_service(client, cast):
    import io

    from pdfminer.high_level import extract_text

    nc = make_nc(cast, NonconformityStatus.CLOSED)
    client.force_login(cast.reporter)
    response = client.get(reverse("nonconformities:pdf", args=[nc.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = extract_text(io.BytesIO(response.content))
    assert nc.number in text
    assert "Không có sổ theo dõi hạn trả kết quả" in text  # the root cause, diacritics intact
    client.force_login(cast.stranger)
    assert client.get(reverse("nonconformities:pdf", args=[nc.pk])).status_code == 404
