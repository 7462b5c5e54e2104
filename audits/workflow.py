"""Audit lifecycle: the statuses and the one table of legal transitions.

``planned -> in_progress -> reported -> closed``. Who may fire a transition is a
role on the audit itself (lead auditor, team member) or a model permission; the
table says which, and ``LIFECYCLE`` (qms.lifecycle) is the only way to look one up.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qms.errors import TransitionRefused
from qms.lifecycle import Lifecycle, Transition


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("audit status", "In progress")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", pgettext_lazy("audit status", "Closed")


class AuditAction(models.TextChoices):
    START = "start", _("Start the audit")
    ISSUE_REPORT = "issue_report", _("Issue the signed report")
    CLOSE = "close", _("Close the audit")


# Once reported, findings and the report are records: never edited, only corrected.
FROZEN_STATUSES = frozenset({AuditStatus.REPORTED, AuditStatus.CLOSED})


class AuditTransitionError(TransitionRefused):
    """An audit transition the table does not allow (UI message, API 409)."""


def _lead(user, audit) -> bool:
    return user.pk == audit.lead_auditor_id


def _lead_or_team(user, audit) -> bool:
    return _lead(user, audit) or audit.team.filter(pk=user.pk).exists()


def _lead_or_closer(user, audit) -> bool:
    return _lead(user, audit) or user.has_perm("audits.close_audit")


LIFECYCLE = Lifecycle(
    statuses=AuditStatus,
    actions=AuditAction,
    transitions=[
        Transition(AuditStatus.PLANNED, AuditAction.START, AuditStatus.IN_PROGRESS, _lead_or_team),
        Transition(AuditStatus.IN_PROGRESS, AuditAction.ISSUE_REPORT, AuditStatus.REPORTED, _lead),
        Transition(AuditStatus.REPORTED, AuditAction.CLOSE, AuditStatus.CLOSED, _lead_or_closer),
    ],
    refused=_("Cannot %(action)s: the audit is %(status)s."),
    error=AuditTransitionError,
)
