"""Risk lifecycle: ``open -> treated -> monitored -> closed`` (ISO 9001 6.1).

Treated: the treatment is decided (actions planned, residual rating recorded);
monitored: the actions are done and the risk is watched at its review date; closed: no
longer relevant. The risk's owner, the head of its department or an officer moves it
forward; only an officer closes or reopens it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.errors import TransitionRefused
from qms.lifecycle import Lifecycle, Transition


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TREATED = "treated", _("Treated")
    MONITORED = "monitored", _("Monitored")
    CLOSED = "closed", _("Closed")


class RiskAction(models.TextChoices):
    TREAT = "treat", _("Mark as treated")
    MONITOR = "monitor", _("Move to monitoring")
    CLOSE = "close", _("Close the risk")
    REOPEN = "reopen", _("Reopen")


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    OPPORTUNITY = "opportunity", _("Opportunity")


OPEN_STATUSES = (RiskStatus.OPEN, RiskStatus.TREATED, RiskStatus.MONITORED)


class RiskTransitionError(TransitionRefused):
    """An action the risk lifecycle does not allow now (UI message, API 409)."""


def handler(user, risk) -> bool:
    from risks.permissions import may_handle

    return may_handle(user, risk)


def officer(user, risk) -> bool:
    from risks.permissions import user_is_risk_officer

    return user_is_risk_officer(user)


LIFECYCLE = Lifecycle(
    statuses=RiskStatus,
    actions=RiskAction,
    transitions=[
        Transition(RiskStatus.OPEN, RiskAction.TREAT, RiskStatus.TREATED, handler),
        Transition(RiskStatus.TREATED, RiskAction.MONITOR, RiskStatus.MONITORED, handler),
        Transition(RiskStatus.MONITORED, RiskAction.CLOSE, RiskStatus.CLOSED, officer),
        Transition(RiskStatus.TREATED, RiskAction.CLOSE, RiskStatus.CLOSED, officer),
        Transition(RiskStatus.CLOSED, RiskAction.REOPEN, RiskStatus.OPEN, officer),
        Transition(RiskStatus.MONITORED, RiskAction.REOPEN, RiskStatus.OPEN, handler),
    ],
    refused=_("Cannot %(action)s: the risk is %(status)s."),
    error=RiskTransitionError,
)
