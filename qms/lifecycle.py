"""The one lifecycle engine. Each app declares its statuses, its actions and a table of
``Transition(source, action, target, rule)``; services ask ``transition_for`` before a
state change, buttons and the API's allowed actions come from ``actions_available``, so
a button is never shown for a transition that would be refused.

A rule is ``rule(user, obj) -> bool``: who may fire the transition on that record. A
transition without a rule is fired by the system only (a signature route completing, a
newer version superseding), never by a user request.

Example (see documents/workflow.py for a real table)::

    LIFECYCLE = Lifecycle(
        statuses=RiskStatus,
        actions=RiskAction,
        transitions=[Transition(RiskStatus.OPEN, RiskAction.TREAT, RiskStatus.TREATED, is_owner)],
        refused=_("Cannot %(action)s a risk that is %(status)s."),
    )
    transition = LIFECYCLE.transition_for(risk, RiskAction.TREAT, actor)  # or raises
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from qms.errors import TransitionRefused


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    rule: Callable | None = None  # rule(user, obj) -> bool; None: the system only


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


class Lifecycle:
    def __init__(
        self,
        *,
        statuses,
        actions,
        transitions: Iterable[Transition],
        refused=None,
        error: type[TransitionRefused] = TransitionRefused,
        status_of: Callable = lambda obj: obj.status,
    ):
        self.statuses = statuses
        self.actions = actions
        self.table: dict[tuple[str, str], Transition] = {(t.source, t.action): t for t in transitions}
        self.refused = refused or _("Cannot %(action)s: the record is %(status)s.")
        self.error = error
        self.status_of = status_of

    def transition(self, status: str, action: str) -> Transition:
        """The table's row for ``action`` from ``status``, or the refusal the user reads."""
        try:
            return self.table[(status, action)]
        except (KeyError, TypeError):
            raise self.error(
                self.refused
                % {
                    "action": _label(self.actions, action).lower(),
                    "status": _label(self.statuses, status).lower(),
                }
            ) from None

    def may_fire(self, user, obj, transition: Transition) -> bool:
        if transition.rule is None or not user.is_authenticated or not user.is_active:
            return False
        return bool(transition.rule(user, obj))

    def transition_for(self, obj, action: str, user=None) -> Transition:
        """The transition ``action`` leads to from ``obj``'s status. Raises the lifecycle's
        error when the table has none, and PermissionDenied (404 for the user) when ``user``
        is given and may not fire it. Without ``user``: a system transition."""
        transition = self.transition(self.status_of(obj), action)
        if user is not None and not self.may_fire(user, obj, transition):
            raise PermissionDenied
        return transition

    def actions_available(self, obj, user) -> list[str]:
        """Actions ``user`` may fire on ``obj`` now, in table order."""
        status = self.status_of(obj)
        return [t.action for t in self.table.values() if t.source == status and self.may_fire(user, obj, t)]
