"""The transition table: every legal step, and every other (status, action) pair refused."""

import datetime

import pytest
from django.utils import timezone

from nonconformities import services
from nonconformities.models import Nonconformity
from nonconformities.workflow import (
    FEEDBACK_LIFECYCLE,
    LIFECYCLE,
    NonconformityAction,
    NonconformityStatus,
    NonconformityTransitionError,
    Party,
)
from tests.nonconformities.factories import STAGES, advance, make_nc

EXPECTED = {
    (NonconformityStatus.OPEN, NonconformityAction.CONTAIN): (NonconformityStatus.CONTAINED, Party.HANDLER),
    (NonconformityStatus.CONTAINED, NonconformityAction.ANALYSE): (
        NonconformityStatus.ROOT_CAUSE,
        Party.HANDLER,
    ),
    (NonconformityStatus.ROOT_CAUSE, NonconformityAction.PLAN): (
        NonconformityStatus.ACTION_PLAN,
        Party.HANDLER,
    ),
    (NonconformityStatus.ACTION_PLAN, NonconformityAction.IMPLEMENT): (
        NonconformityStatus.IMPLEMENTING,
        Party.HANDLER,
    ),
    (NonconformityStatus.IMPLEMENTING, NonconformityAction.REQUEST_VERIFICATION): (
        NonconformityStatus.VERIFICATION,
        Party.HANDLER,
    ),
    (NonconformityStatus.VERIFICATION, NonconformityAction.VERIFY_EFFECTIVE): (
        NonconformityStatus.CLOSED,
        Party.VERIFIER,
    ),
    (NonconformityStatus.VERIFICATION, NonconformityAction.VERIFY_INEFFECTIVE): (
        NonconformityStatus.ACTION_PLAN,
        Party.VERIFIER,
    ),
    (NonconformityStatus.CLOSED, NonconformityAction.REOPEN): (NonconformityStatus.ROOT_CAUSE, Party.OFFICER),
}


def test_the_table_is_exactly_the_iso_10_2_lifecycle():
    # given / when
    table = {key: (t.target, t.rule.party) for key, t in LIFECYCLE.table.items()}
    # then
    assert table == EXPECTED


@pytest.mark.parametrize("status", NonconformityStatus.values)
@pytest.mark.parametrize("action", NonconformityAction.values)
def test_pairs_outside_the_table_are_refused(status, action):
    if (status, action) in EXPECTED:
        assert LIFECYCLE.transition(status, action).target == EXPECTED[(status, action)][0]
    else:
        with pytest.raises(NonconformityTransitionError):
            LIFECYCLE.transition(status, action)


def test_feedback_table():
    assert {key: t.target for key, t in FEEDBACK_LIFECYCLE.table.items()} == {
        ("received", "answer"): "answered",
        ("received", "open_nonconformity"): "in_handling",
        ("in_handling", "answer"): "answered",
    }
    with pytest.raises(NonconformityTransitionError):
        FEEDBACK_LIFECYCLE.transition("answered", "answer")


def _fire(cast, nc, action):
    owner = cast.owner
    calls = {
        NonconformityAction.CONTAIN: lambda: services.nonconformity_contain(
            actor=owner, nonconformity=nc, containment="x"
        ),
        NonconformityAction.ANALYSE: lambda: services.nonconformity_analyse(
            actor=owner, nonconformity=nc, five_whys=["a"], root_cause="b"
        ),
        NonconformityAction.PLAN: lambda: services.nonconformity_plan(actor=owner, nonconformity=nc),
        NonconformityAction.IMPLEMENT: lambda: services.nonconformity_implement(
            actor=owner, nonconformity=nc
        ),
        NonconformityAction.REQUEST_VERIFICATION: lambda: services.nonconformity_request_verification(
            actor=owner, nonconformity=nc
        ),
        NonconformityAction.VERIFY_EFFECTIVE: lambda: services.nonconformity_verify(
            actor=cast.auditor, nonconformity=nc, effective=True, notes="ok"
        ),
        NonconformityAction.VERIFY_INEFFECTIVE: lambda: services.nonconformity_verify(
            actor=cast.auditor, nonconformity=nc, effective=False, notes="no"
        ),
        NonconformityAction.REOPEN: lambda: services.nonconformity_reopen(
            actor=cast.officer, nonconformity=nc, reason="r"
        ),
    }
    return calls[action]()


@pytest.mark.django_db
@pytest.mark.parametrize("status", STAGES)
def test_services_refuse_every_illegal_step_and_write_nothing(cast, status):
    # given a nonconformity at this stage
    nc = make_nc(cast, status)
    history_before = nc.history.count()
    illegal = [
        a
        for a in NonconformityAction.values
        if (status, a) not in EXPECTED and a != NonconformityAction.ANALYSE
    ]
    for action in illegal:
        # when an action outside the table is fired
        with pytest.raises(NonconformityTransitionError):
            _fire(cast, nc, action)
        # then nothing changed
        assert Nonconformity.objects.get(pk=nc.pk).status == status
    assert nc.history.count() == history_before


@pytest.mark.django_db
def test_analysis_is_refused_before_containment_and_after_implementation_starts(cast):
    nc = make_nc(cast, NonconformityStatus.OPEN)
    with pytest.raises(NonconformityTransitionError):
        _fire(cast, nc, NonconformityAction.ANALYSE)
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    with pytest.raises(NonconformityTransitionError):
        _fire(cast, nc, NonconformityAction.ANALYSE)


@pytest.mark.django_db
def test_the_whole_path_records_one_history_row_per_step_with_the_actor(cast):
    # given / when
    nc = make_nc(cast, NonconformityStatus.CLOSED)
    # then
    steps = list(
        nc.history.order_by("history_date", "history_id").values_list("status", "history_user__username")
    )
    statuses = [s for s, _u in steps]
    for stage in STAGES:
        assert stage in statuses
    assert steps[-1] == (NonconformityStatus.CLOSED, "auditor")
    assert ("contained", "owner") in steps


@pytest.mark.django_db
def test_not_effective_goes_back_to_the_action_plan_and_can_be_completed_again(cast):
    # given
    nc = make_nc(cast, NonconformityStatus.VERIFICATION)
    # when the actions did not work
    services.nonconformity_verify(actor=cast.auditor, nonconformity=nc, effective=False, notes="Vẫn trễ hạn")
    nc.refresh_from_db()
    # then new actions are planned and the cycle runs again
    assert nc.status == NonconformityStatus.ACTION_PLAN
    # the done actions do not count: a new action is needed before implementation
    with pytest.raises(NonconformityTransitionError, match="open corrective action"):
        services.nonconformity_implement(actor=cast.owner, nonconformity=nc)
    services.corrective_action_add(
        actor=cast.owner,
        nonconformity=nc,
        description="Phân công cán bộ kiểm tra hạn hằng ngày",
        owner=cast.action_owner,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    nc = services.nonconformity_implement(actor=cast.owner, nonconformity=nc)
    nc = advance(cast, nc, NonconformityStatus.CLOSED)
    assert nc.status == NonconformityStatus.CLOSED
    assert list(nc.verifications.values_list("result", flat=True)) == ["not_effective", "effective"]
