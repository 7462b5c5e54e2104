"""Nonconformity and feedback lifecycles: the statuses and the one table of legal transitions.

ISO 9001 clause 10.2.1 a-f as states: react (contain and correct), find the cause,
plan and carry out corrective actions, check that they worked, close. Who may fire a
transition is named by a *party* (a relationship to the record, not a group), so the
rule lives here and the services only ask ``party_allows``.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.workflow import TransitionError


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CONTAINED = "contained", _("Contained")
    ROOT_CAUSE = "root_cause", _("Root cause found")
    ACTION_PLAN = "action_plan", _("Action plan")
    IMPLEMENTING = "implementing", _("Implementing")
    VERIFICATION = "verification", _("Verification")
    CLOSED = "closed", _("Closed")


class Action(models.TextChoices):
    CONTAIN = "contain", _("Record containment")
    ANALYSE = "analyse", _("Record root cause")
    PLAN = "plan", _("Submit action plan")
    IMPLEMENT = "implement", _("Start implementation")
    REQUEST_VERIFICATION = "request_verification", _("Request verification")
    VERIFY_EFFECTIVE = "verify_effective", _("Verify: effective, close")
    VERIFY_INEFFECTIVE = "verify_ineffective", _("Verify: not effective, re-plan")
    REOPEN = "reopen", _("Reopen")


class Party(models.TextChoices):
    # The nonconformity's owner, the head of its department, or a QMS officer.
    HANDLER = "handler", _("Owner, department head or QMS officer")
    # A holder of the verify permission or the department head; never an action owner.
    VERIFIER = "verifier", _("Verifier")
    OFFICER = "officer", _("QMS officer")


# Stages in which corrective actions may be added or changed.
ACTION_EDITABLE_STATUSES = frozenset({Status.ROOT_CAUSE, Status.ACTION_PLAN, Status.IMPLEMENTING})
# Stages in which the root-cause analysis may still be refined.
ANALYSIS_EDITABLE_STATUSES = frozenset({Status.ROOT_CAUSE, Status.ACTION_PLAN})
OPEN_STATUSES = tuple(s for s in Status.values if s != Status.CLOSED)


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    party: str


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (t.source, t.action): t
    for t in [
        Transition(Status.OPEN, Action.CONTAIN, Status.CONTAINED, Party.HANDLER),
        Transition(Status.CONTAINED, Action.ANALYSE, Status.ROOT_CAUSE, Party.HANDLER),
        Transition(Status.ROOT_CAUSE, Action.PLAN, Status.ACTION_PLAN, Party.HANDLER),
        Transition(Status.ACTION_PLAN, Action.IMPLEMENT, Status.IMPLEMENTING, Party.HANDLER),
        Transition(Status.IMPLEMENTING, Action.REQUEST_VERIFICATION, Status.VERIFICATION, Party.HANDLER),
        Transition(Status.VERIFICATION, Action.VERIFY_EFFECTIVE, Status.CLOSED, Party.VERIFIER),
        Transition(Status.VERIFICATION, Action.VERIFY_INEFFECTIVE, Status.ACTION_PLAN, Party.VERIFIER),
        Transition(Status.CLOSED, Action.REOPEN, Status.ROOT_CAUSE, Party.OFFICER),
    ]
}


class NonconformityTransitionError(TransitionError):
    """An action the nonconformity lifecycle does not allow now (UI message, API 409)."""


class ClosedRecordError(NonconformityTransitionError):
    """Something tried to change a closed nonconformity or one of its parts."""


def transition_for(status: str, action: str) -> Transition:
    try:
        return TRANSITIONS[(status, action)]
    except (KeyError, ValueError):
        raise NonconformityTransitionError(
            _("Cannot do “%(action)s” on a nonconformity that is %(status)s.")
            % {"action": _label(Action, action), "status": _label(Status, status).lower()}
        ) from None


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_HANDLING = "in_handling", _("Being handled")
    ANSWERED = "answered", _("Answered")


class FeedbackAction(models.TextChoices):
    ANSWER = "answer", _("Answer and close")
    OPEN_NONCONFORMITY = "open_nonconformity", _("Open a nonconformity")


FEEDBACK_TRANSITIONS: dict[tuple[str, str], str] = {
    (FeedbackStatus.RECEIVED, FeedbackAction.ANSWER): FeedbackStatus.ANSWERED,
    (FeedbackStatus.RECEIVED, FeedbackAction.OPEN_NONCONFORMITY): FeedbackStatus.IN_HANDLING,
    (FeedbackStatus.IN_HANDLING, FeedbackAction.ANSWER): FeedbackStatus.ANSWERED,
}


def feedback_transition_for(status: str, action: str) -> str:
    try:
        return FEEDBACK_TRANSITIONS[(status, action)]
    except KeyError:
        raise NonconformityTransitionError(
            _("Cannot do “%(action)s” on feedback that is %(status)s.")
            % {"action": _label(FeedbackAction, action), "status": _label(FeedbackStatus, status).lower()}
        ) from None
