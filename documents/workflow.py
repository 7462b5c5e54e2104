"""Document version lifecycle: the statuses and the one table of legal transitions.

Every state change of a DocumentVersion goes through ``transition_for`` so the rule
"who may move a version from A to B" lives here and nowhere else.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


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


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    permission: str | None  # None: fired by the system, never by a user request
    author_may_fire: bool = False  # the version's author may fire it without the permission
    author_excluded: bool = False  # the version's author may never fire it


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (t.source, t.action): t
    for t in [
        Transition(
            Status.DRAFT,
            Action.SUBMIT,
            Status.IN_REVIEW,
            "documents.submit_version",
            author_may_fire=True,
        ),
        # Approve and return are fired by the approval route (approvals.services), never
        # by a bare request: the last signature of the last stage approves, a signer who
        # requests changes or rejects returns the version. The signers' right comes from
        # the route; every decision is an electronic signature.
        Transition(Status.IN_REVIEW, Action.APPROVE, Status.APPROVED, None, author_excluded=True),
        Transition(Status.IN_REVIEW, Action.REJECT, Status.DRAFT, None, author_excluded=True),
        Transition(Status.APPROVED, Action.PUBLISH, Status.EFFECTIVE, "documents.publish_version"),
        Transition(Status.EFFECTIVE, Action.WITHDRAW, Status.OBSOLETE, "documents.withdraw_version"),
        Transition(Status.APPROVED, Action.WITHDRAW, Status.OBSOLETE, "documents.withdraw_version"),
        Transition(Status.EFFECTIVE, Action.SUPERSEDE, Status.SUPERSEDED, None),
        Transition(Status.APPROVED, Action.MAKE_EFFECTIVE, Status.EFFECTIVE, None),
    ]
}


class TransitionError(Exception):
    """A transition that the lifecycle does not allow from the version's current status.

    Views turn it into a message, the API into 409 Conflict.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def transition_for(status: str, action: str) -> Transition:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionError(
            _("Cannot %(action)s a version that is %(status)s.")
            % {"action": Action(action).label.lower(), "status": Status(status).label.lower()}
        ) from None


def user_may_fire(user, transition: Transition, *, author_id: int | None) -> bool:
    if transition.permission is None or not user.is_authenticated:
        return False
    is_author = author_id is not None and author_id == user.pk
    if transition.author_excluded and is_author:
        return False
    if transition.author_may_fire and is_author:
        return True
    return user.has_perm(transition.permission)


def actions_available(user, status: str, *, author_id: int | None) -> list[str]:
    """Actions the user may fire on a version in ``status`` (for buttons and the API)."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if t.source == status and user_may_fire(user, t, author_id=author_id)
    ]
