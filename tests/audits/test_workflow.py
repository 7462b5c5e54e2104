import pytest
from django.core.exceptions import PermissionDenied

from audits import services
from audits.workflow import LIFECYCLE, AuditAction, AuditStatus, AuditTransitionError
from documents.workflow import TransitionError
from tests.audits.factories import make_audit, qualified_auditor
from tests.documents.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_table_is_the_lifecycle_planned_in_progress_reported_closed():
    # then
    assert {(k[0], k[1], t.target) for k, t in LIFECYCLE.table.items()} == {
        (AuditStatus.PLANNED, AuditAction.START, AuditStatus.IN_PROGRESS),
        (AuditStatus.IN_PROGRESS, AuditAction.ISSUE_REPORT, AuditStatus.REPORTED),
        (AuditStatus.REPORTED, AuditAction.CLOSE, AuditStatus.CLOSED),
    }


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (AuditStatus.PLANNED, AuditAction.CLOSE),
        (AuditStatus.PLANNED, AuditAction.ISSUE_REPORT),
        (AuditStatus.IN_PROGRESS, AuditAction.START),
        (AuditStatus.REPORTED, AuditAction.START),
        (AuditStatus.CLOSED, AuditAction.CLOSE),
        (AuditStatus.CLOSED, AuditAction.ISSUE_REPORT),
    ],
)
def test_a_move_outside_the_table_is_a_transition_error(status, action):
    with pytest.raises(AuditTransitionError):
        LIFECYCLE.transition(status, action)
    assert issubclass(AuditTransitionError, TransitionError)  # so the API answers 409


def test_lead_auditor_starts_and_history_names_them():
    # given
    audit = make_audit()
    # when
    services.audit_start(actor=audit.lead_auditor, audit=audit)
    # then
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
    assert audit.started_at is not None
    assert audit.history.first().history_user == audit.lead_auditor


def test_a_team_member_may_start_but_not_issue_the_report():
    # given
    member = qualified_auditor()
    audit = make_audit(team=[member])
    # when
    services.audit_start(actor=member, audit=audit)
    audit.refresh_from_db()
    # then
    assert LIFECYCLE.actions_available(audit, member) == []
    assert LIFECYCLE.actions_available(audit, audit.lead_auditor) == [AuditAction.ISSUE_REPORT]
    with pytest.raises(PermissionDenied):
        services.report_issue(actor=member, audit=audit, password="x", summary="s", conclusion="c")


def test_an_outsider_cannot_start_and_nothing_is_recorded():
    # given
    audit = make_audit()
    outsider = UserFactory(auditor=True)
    history_rows = audit.history.count()
    # when / then
    with pytest.raises(PermissionDenied):
        services.audit_start(actor=outsider, audit=audit)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.PLANNED
    assert audit.history.count() == history_rows


def test_starting_twice_is_refused():
    audit = make_audit(status="in_progress")
    with pytest.raises(AuditTransitionError):
        services.audit_start(actor=audit.lead_auditor, audit=audit)


def test_an_officer_may_close_a_reported_audit_but_not_start_one():
    # given
    officer = UserFactory(officer=True)
    reported = make_audit(status="reported")
    planned = make_audit()
    # when
    services.audit_close(actor=officer, audit=reported)
    # then
    reported.refresh_from_db()
    assert reported.status == AuditStatus.CLOSED
    with pytest.raises(PermissionDenied):
        services.audit_start(actor=officer, audit=planned)


@pytest.mark.parametrize(("status", "action"), [("planned", "start"), ("reported", "close")])
def test_forbidden_transition_over_http_is_404_and_records_nothing(client, status, action):
    # given: a member of the audited department (sees the audit, may not run it)
    from django.urls import reverse

    from tests.documents.factories import DepartmentFactory

    department = DepartmentFactory(code="TC")
    audit = make_audit(departments=[department], status=status)
    auditee = UserFactory(staff=True, departments=[department])
    rows = audit.history.count()
    client.force_login(auditee)
    # when
    response = client.post(reverse("audits:transition", args=[audit.pk, action]))
    # then
    assert response.status_code == 404
    audit.refresh_from_db()
    assert audit.status == status and audit.history.count() == rows


def test_illegal_transition_over_http_is_a_message(client):
    from django.urls import reverse

    audit = make_audit(status="in_progress")
    client.force_login(audit.lead_auditor)
    response = client.post(reverse("audits:transition", args=[audit.pk, "close"]), follow=True)
    assert "Cannot close the audit: the audit is in progress." in response.content.decode()
