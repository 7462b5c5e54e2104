"""Document version lifecycle: the statuses and the one table of legal transitions.

Every state change of a DocumentVersion goes through ``LIFECYCLE`` (qms.lifecycle) so
the rule "who may move a version from A to B" lives here and nowhere else.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.errors import TransitionRefused
from qms.lifecycle import Lifecycle, Transition


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    EFFECTIVE = "effective", _("Effective")
    SUPERSEDED = "superseded", _("Superseded")
    OBSOLETE = "obsolete", _("Obsolete")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Return to draft")
    PUBLISH = "publish", _("Publish")
    WITHDRAW = "withdraw", _("Withdraw")
    # Fired by the system only: making a newer version effective supersedes the old one.
    SUPERSEDE = "supersede", _("Supersede")
    # Fired by the system only: an approved version reaches its effective date.
    MAKE_EFFECTIVE = "make_effective", _("Make effective")


# Content of a version in one of these statuses is frozen for good.
LOCKED_STATUSES = frozenset({Status.APPROVED, Status.EFFECTIVE, Status.SUPERSEDED, Status.OBSOLETE})
HISTORICAL_STATUSES = frozenset({Status.SUPERSEDED, Status.OBSOLETE})


def _author_or(permission):
    def rule(user, version) -> bool:
        return version.author_id == user.pk or user.has_perm(permission)

    return rule


def _holds(permission):
    def rule(user, version) -> bool:
        return user.has_perm(permission)

    return rule


# Approve and return are fired by the approval route (approvals.services), never by a
# bare request: the last signature of the last stage approves, a signer who requests
# changes or rejects returns the version. The signers' right comes from the route; every
# decision is an electronic signature, and the version's author never gives one.
AUTHOR_EXCLUDED = frozenset({Action.APPROVE, Action.REJECT})

LIFECYCLE = Lifecycle(
    statuses=Status,
    actions=Action,
    transitions=[
        Transition(Status.DRAFT, Action.SUBMIT, Status.IN_REVIEW, _author_or("documents.submit_version")),
        Transition(Status.IN_REVIEW, Action.APPROVE, Status.APPROVED),
        Transition(Status.IN_REVIEW, Action.REJECT, Status.DRAFT),
        Transition(Status.APPROVED, Action.PUBLISH, Status.EFFECTIVE, _holds("documents.publish_version")),
        Transition(Status.EFFECTIVE, Action.WITHDRAW, Status.OBSOLETE, _holds("documents.withdraw_version")),
        Transition(Status.APPROVED, Action.WITHDRAW, Status.OBSOLETE, _holds("documents.withdraw_version")),
        Transition(Status.EFFECTIVE, Action.SUPERSEDE, Status.SUPERSEDED),
        Transition(Status.APPROVED, Action.MAKE_EFFECTIVE, Status.EFFECTIVE),
    ],
    refused=_("Cannot %(action)s a version that is %(status)s."),
)
# Kept under this name for the many callers that catch it; it is qms.errors.TransitionRefused.
TransitionError = TransitionRefused
