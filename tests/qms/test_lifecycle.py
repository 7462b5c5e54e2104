"""The one lifecycle engine (qms.lifecycle): table lookups, rules, refusals, and the
promise that every action it offers a user is one it would let them fire."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models

from qms.errors import DomainError, TransitionRefused
from qms.lifecycle import Lifecycle, Transition


class LampStatus(models.TextChoices):
    OFF = "off", "Off"
    ON = "on", "On"


class LampAction(models.TextChoices):
    SWITCH_ON = "switch_on", "Switch on"
    SWITCH_OFF = "switch_off", "Switch off"
    BURN_OUT = "burn_out", "Burn out"


def is_keeper(user, lamp):
    return user.pk == lamp.keeper_id


LAMP = Lifecycle(
    statuses=LampStatus,
    actions=LampAction,
    transitions=[
        Transition(LampStatus.OFF, LampAction.SWITCH_ON, LampStatus.ON, is_keeper),
        Transition(LampStatus.ON, LampAction.SWITCH_OFF, LampStatus.OFF, is_keeper),
        Transition(LampStatus.ON, LampAction.BURN_OUT, LampStatus.OFF),  # the system only
    ],
    refused="Cannot %(action)s a lamp that is %(status)s.",
)


def _user(pk, active=True):
    return SimpleNamespace(pk=pk, is_authenticated=True, is_active=active)


def test_a_legal_transition_names_its_target():
    lamp = SimpleNamespace(status=LampStatus.OFF, keeper_id=1)
    assert LAMP.transition_for(lamp, LampAction.SWITCH_ON, _user(1)).target == LampStatus.ON


def test_an_illegal_transition_is_refused_with_a_readable_message_and_409():
    lamp = SimpleNamespace(status=LampStatus.OFF, keeper_id=1)
    with pytest.raises(TransitionRefused) as refused:
        LAMP.transition_for(lamp, LampAction.SWITCH_OFF, _user(1))
    assert str(refused.value) == "Cannot switch off a lamp that is off."
    assert isinstance(refused.value, DomainError) and refused.value.http_status == 409


def test_an_unknown_action_is_refused_not_a_server_error():
    lamp = SimpleNamespace(status=LampStatus.OFF, keeper_id=1)
    with pytest.raises(TransitionRefused):
        LAMP.transition_for(lamp, "explode", _user(1))


def test_a_user_outside_the_rule_is_denied_and_an_inactive_one_too():
    lamp = SimpleNamespace(status=LampStatus.OFF, keeper_id=1)
    with pytest.raises(PermissionDenied):
        LAMP.transition_for(lamp, LampAction.SWITCH_ON, _user(2))
    with pytest.raises(PermissionDenied):
        LAMP.transition_for(lamp, LampAction.SWITCH_ON, _user(1, active=False))


def test_system_transitions_are_never_offered_to_users_but_the_system_may_fire_them():
    lamp = SimpleNamespace(status=LampStatus.ON, keeper_id=1)
    assert LAMP.actions_available(lamp, _user(1)) == [LampAction.SWITCH_OFF]
    with pytest.raises(PermissionDenied):
        LAMP.transition_for(lamp, LampAction.BURN_OUT, _user(1))
    assert LAMP.transition_for(lamp, LampAction.BURN_OUT).target == LampStatus.OFF


@pytest.mark.parametrize("status", LampStatus.values)
@pytest.mark.parametrize("pk", [1, 2])
def test_every_offered_action_is_one_the_engine_lets_through(status, pk):
    lamp = SimpleNamespace(status=status, keeper_id=1)
    user = _user(pk)
    for action in LampAction.values:
        offered = action in LAMP.actions_available(lamp, user)
        try:
            LAMP.transition_for(lamp, action, user)
            allowed = True
        except (TransitionRefused, PermissionDenied):
            allowed = False
        assert offered == allowed
