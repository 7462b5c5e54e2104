"""Document version lifecycle: the statuses and the one table of legal transitions.

Every state change of a DocumentVersion goes through ``LIFECYCLE`` (qms.lifecycle) so
the rule "who may move a version from A to B" lives here and nowhere else.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qms.errors import TransitionRefused
from qms.lifecycle import Lifecycle, Transition


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    EFFECTIVE = "effective", _("Effective")
    SUPERSEDED = "superseded", _("Superseded")
    OBSOLETE = "obsolete", _("Obsolete")


class DocumentAction(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Return to draft")
    PUBLISH = "publish", pgettext_lazy("document", "Publish")
    WITHDRAW = "withdraw", _("Withdraw")
    # Fired by the system only: making a newer version effective supersedes the old one.
    SUPERSEDE = "supersede", _("Supersede")
    # Fired by the system only: an approved version reaches its effective date.
    MAKE_EFFECTIVE = "make_effective", _("Make effective")


# Content of a version in one of these statuses is frozen for good.
LOCKED_STATUSES = frozenset(
    {DocumentStatus.APPROVED, DocumentStatus.EFFECTIVE, DocumentStatus.SUPERSEDED, DocumentStatus.OBSOLETE}
)
HISTORICAL_STATUSES = frozenset({DocumentStatus.SUPERSEDED, DocumentStatus.OBSOLETE})
# A revision under way: while one exists no new draft is opened.
OPEN_STATUSES = (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED)


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
AUTHOR_EXCLUDED = frozenset({DocumentAction.APPROVE, DocumentAction.REJECT})

LIFECYCLE = Lifecycle(
    statuses=DocumentStatus,
    actions=DocumentAction,
    transitions=[
        Transition(
            DocumentStatus.DRAFT,
            DocumentAction.SUBMIT,
            DocumentStatus.IN_REVIEW,
            _author_or("documents.submit_version"),
        ),
        Transition(DocumentStatus.IN_REVIEW, DocumentAction.APPROVE, DocumentStatus.APPROVED),
        Transition(DocumentStatus.IN_REVIEW, DocumentAction.REJECT, DocumentStatus.DRAFT),
        Transition(
            DocumentStatus.APPROVED,
            DocumentAction.PUBLISH,
            DocumentStatus.EFFECTIVE,
            _holds("documents.publish_version"),
        ),
        Transition(
            DocumentStatus.EFFECTIVE,
            DocumentAction.WITHDRAW,
            DocumentStatus.OBSOLETE,
            _holds("documents.withdraw_version"),
        ),
        Transition(
            DocumentStatus.APPROVED,
            DocumentAction.WITHDRAW,
            DocumentStatus.OBSOLETE,
            _holds("documents.withdraw_version"),
        ),
        Transition(DocumentStatus.EFFECTIVE, DocumentAction.SUPERSEDE, DocumentStatus.SUPERSEDED),
        Transition(DocumentStatus.APPROVED, DocumentAction.MAKE_EFFECTIVE, DocumentStatus.EFFECTIVE),
    ],
    refused=_("Cannot %(action)s a version that is %(status)s."),
)
# Kept under this name for the many callers that catch it; it is qms.errors.TransitionRefused.
TransitionError = TransitionRefused
