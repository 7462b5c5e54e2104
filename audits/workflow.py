"""Audit lifecycle: the statuses and the one table of legal transitions.

``planned -> in_progress -> reported -> closed``. Who may fire a transition is a
role on the audit itself (lead auditor, team member) or a model permission; the
table says which, and ``audit_transition_for`` is the only way to look one up.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.workflow import TransitionError


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")


class AuditAction(models.TextChoices):
    START = "start", _("Start the audit")
    ISSUE_REPORT = "issue_report", _("Issue the signed report")
    CLOSE = "close", _("Close the audit")


# Once reported, findings and the report are records: never edited, only corrected.
FROZEN_STATUSES = frozenset({AuditStatus.REPORTED, AuditStatus.CLOSED})


class AuditTransitionError(TransitionError):
    """An audit transition the table does not allow (UI message, API 409)."""


@dataclass(frozen=True)
class AuditTransition:
    source: str
    action: str
    target: str
    lead_may_fire: bool = False
    team_may_fire: bool = False
    permission: str | None = None  # a model permission that also allows it


TRANSITIONS: dict[tuple[str, str], AuditTransition] = {
    (t.source, t.action): t
    for t in [
        AuditTransition(
            AuditStatus.PLANNED,
            AuditAction.START,
            AuditStatus.IN_PROGRESS,
            lead_may_fire=True,
            team_may_fire=True,
        ),
        AuditTransition(
            AuditStatus.IN_PROGRESS, AuditAction.ISSUE_REPORT, AuditStatus.REPORTED, lead_may_fire=True
        ),
        AuditTransition(
            AuditStatus.REPORTED,
            AuditAction.CLOSE,
            AuditStatus.CLOSED,
            lead_may_fire=True,
            permission="audits.close_audit",
        ),
    ]
}


def audit_transition_for(status: str, action: str) -> AuditTransition:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise AuditTransitionError(
            _("Cannot %(action)s: the audit is %(status)s.")
            % {"action": AuditAction(action).label.lower(), "status": AuditStatus(status).label.lower()}
        ) from None


def user_may_fire(user, transition: AuditTransition, *, lead_id: int | None, team_ids) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if transition.lead_may_fire and user.pk == lead_id:
        return True
    if transition.team_may_fire and user.pk in set(team_ids):
        return True
    return bool(transition.permission and user.has_perm(transition.permission))


def actions_available(user, audit) -> list[str]:
    team_ids = [member.pk for member in audit.team.all()]
    return [
        t.action
        for t in TRANSITIONS.values()
        if t.source == audit.status
        and user_may_fire(user, t, lead_id=audit.lead_auditor_id, team_ids=team_ids)
    ]
