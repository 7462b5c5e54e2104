"""Nonconformity and feedback lifecycles: the statuses and the one table of legal transitions.

ISO 9001 clause 10.2.1 a-f as states: react (contain and correct), find the cause,
plan and carry out corrective actions, check that they worked, close. Who may fire a
transition is named by a *party* (a relationship to the record, not a group), so the
rule lives here and the services only ask ``LIFECYCLE`` (qms.lifecycle).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.errors import TransitionRefused
from qms.lifecycle import Lifecycle, Transition


class NonconformityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTAINED = "contained", _("Contained")
    ROOT_CAUSE = "root_cause", _("Root cause found")
    ACTION_PLAN = "action_plan", _("Action plan")
    IMPLEMENTING = "implementing", _("Implementing")
    VERIFICATION = "verification", _("Verification")
    CLOSED = "closed", _("Closed")


class NonconformityAction(models.TextChoices):
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
ACTION_EDITABLE_STATUSES = frozenset(
    {NonconformityStatus.ROOT_CAUSE, NonconformityStatus.ACTION_PLAN, NonconformityStatus.IMPLEMENTING}
)
# Stages in which the root-cause analysis may still be refined.
ANALYSIS_EDITABLE_STATUSES = frozenset({NonconformityStatus.ROOT_CAUSE, NonconformityStatus.ACTION_PLAN})
OPEN_STATUSES = tuple(s for s in NonconformityStatus.values if s != NonconformityStatus.CLOSED)


def _party(party: str):
    """The rule "the actor is this party to the nonconformity" (nonconformities.permissions)."""

    def rule(user, nonconformity) -> bool:
        from nonconformities.permissions import party_allows

        return party_allows(user, party, nonconformity)

    rule.party = party
    return rule


HANDLER, VERIFIER, OFFICER = _party(Party.HANDLER), _party(Party.VERIFIER), _party(Party.OFFICER)


class NonconformityTransitionError(TransitionRefused):
    """An action the nonconformity lifecycle does not allow now (UI message, API 409)."""


class ClosedRecordError(NonconformityTransitionError):
    """Something tried to change a closed nonconformity or one of its parts."""


LIFECYCLE = Lifecycle(
    statuses=NonconformityStatus,
    actions=NonconformityAction,
    transitions=[
        Transition(
            NonconformityStatus.OPEN, NonconformityAction.CONTAIN, NonconformityStatus.CONTAINED, HANDLER
        ),
        Transition(
            NonconformityStatus.CONTAINED,
            NonconformityAction.ANALYSE,
            NonconformityStatus.ROOT_CAUSE,
            HANDLER,
        ),
        Transition(
            NonconformityStatus.ROOT_CAUSE, NonconformityAction.PLAN, NonconformityStatus.ACTION_PLAN, HANDLER
        ),
        Transition(
            NonconformityStatus.ACTION_PLAN,
            NonconformityAction.IMPLEMENT,
            NonconformityStatus.IMPLEMENTING,
            HANDLER,
        ),
        Transition(
            NonconformityStatus.IMPLEMENTING,
            NonconformityAction.REQUEST_VERIFICATION,
            NonconformityStatus.VERIFICATION,
            HANDLER,
        ),
        Transition(
            NonconformityStatus.VERIFICATION,
            NonconformityAction.VERIFY_EFFECTIVE,
            NonconformityStatus.CLOSED,
            VERIFIER,
        ),
        Transition(
            NonconformityStatus.VERIFICATION,
            NonconformityAction.VERIFY_INEFFECTIVE,
            NonconformityStatus.ACTION_PLAN,
            VERIFIER,
        ),
        Transition(
            NonconformityStatus.CLOSED, NonconformityAction.REOPEN, NonconformityStatus.ROOT_CAUSE, OFFICER
        ),
    ],
    refused=_("Cannot do “%(action)s” on a nonconformity that is %(status)s."),
    error=NonconformityTransitionError,
)


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_HANDLING = "in_handling", _("Being handled")
    ANSWERED = "answered", _("Answered")


class FeedbackAction(models.TextChoices):
    ANSWER = "answer", _("Answer and close")
    OPEN_NONCONFORMITY = "open_nonconformity", _("Open a nonconformity")


def _triager(user, feedback) -> bool:
    return user.has_perm("nonconformities.triage_feedback")


FEEDBACK_LIFECYCLE = Lifecycle(
    statuses=FeedbackStatus,
    actions=FeedbackAction,
    transitions=[
        Transition(FeedbackStatus.RECEIVED, FeedbackAction.ANSWER, FeedbackStatus.ANSWERED, _triager),
        Transition(
            FeedbackStatus.RECEIVED, FeedbackAction.OPEN_NONCONFORMITY, FeedbackStatus.IN_HANDLING, _triager
        ),
        Transition(FeedbackStatus.IN_HANDLING, FeedbackAction.ANSWER, FeedbackStatus.ANSWERED, _triager),
    ],
    refused=_("Cannot do “%(action)s” on feedback that is %(status)s."),
    error=NonconformityTransitionError,
)
