"""Quality objectives: the status rule, periods, measurements, built-in indicators,
opening an NC from a missed target, reminders and the review figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from objectives import services
from objectives.models import Measurement, Objective
from objectives.selectors import objectives_performance, objectives_performance_summary
from objectives.workflow import ObjectiveStatus, status_for
from qms.errors import TransitionRefused
from tests.documents.factories import make_upload
from tests.objectives.factories import YEAR, People, make_objective

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.mark.parametrize(
    "value, direction, target, threshold, expected",
    [
        (None, "up", "95", "90", ObjectiveStatus.NOT_MEASURED),
        ("95", "up", "95", "90", ObjectiveStatus.ON_TRACK),
        ("92", "up", "95", "90", ObjectiveStatus.AT_RISK),
        ("90", "up", "95", "90", ObjectiveStatus.AT_RISK),
        ("89.99", "up", "95", "90", ObjectiveStatus.MISSED),
        ("92", "up", "95", None, ObjectiveStatus.MISSED),
        ("5", "down", "5", "8", ObjectiveStatus.ON_TRACK),
        ("7", "down", "5", "8", ObjectiveStatus.AT_RISK),
        ("9", "down", "5", "8", ObjectiveStatus.MISSED),
    ],
)
def test_status_rule(value, direction, target, threshold, expected):
    assert (
        status_for(
            D(value) if value else None,
            direction=direction,
            target=D(target),
            threshold=D(threshold) if threshold else None,
        )
        == expected
    )


def test_periods_by_frequency():
    objective = Objective(year=2026, frequency="quarterly")
    assert objective.periods()[1] == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert len(Objective(year=2026, frequency="monthly").periods()) == 12
    assert Objective(year=2024, frequency="monthly").periods()[1][1] == datetime.date(2024, 2, 29)
    assert Objective(year=2026, frequency="yearly").periods() == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    ]


def test_threshold_on_the_better_side_is_refused_by_service_and_database():
    people = People()
    with pytest.raises(ValidationError) as refused:
        make_objective(people, threshold=D("97"))
    assert "threshold" in refused.value.message_dict
    assert Objective.objects.count() == 0
    objective = make_objective(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.filter(pk=objective.pk).update(threshold=D("99"))


def test_only_officers_set_objectives_and_bad_numbers_are_refused():
    people = People()
    with pytest.raises(PermissionDenied):
        services.objective_create(
            actor=people.owner,
            year=YEAR,
            statement="x",
            indicator_name="x",
            target=D("1"),
            owner=people.owner,
        )
    with pytest.raises(ValidationError):
        make_objective(people, target="nhiều")
    assert Objective.objects.count() == 0


def test_owner_records_measurements_and_the_status_follows_the_latest():
    people = People()
    objective = make_objective(people)
    jan = datetime.date(YEAR, 1, 1)
    services.measurement_record(actor=people.owner, objective=objective, period_start=jan, value="96.5")
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.ON_TRACK
    # a correction of the same period replaces its value (history keeps the old one)
    services.measurement_record(actor=people.owner, objective=objective, period_start=jan, value="88")
    objective.refresh_from_db()
    assert (objective.status, objective.latest_value) == (ObjectiveStatus.MISSED, D("88.00"))
    assert objective.measurements.count() == 1
    assert objective.measurements.get().history.count() == 2


def test_measurement_refusals_leave_nothing():
    people = People()
    objective = make_objective(people)
    jan = datetime.date(YEAR, 1, 1)
    with pytest.raises(PermissionDenied):
        services.measurement_record(actor=people.colleague, objective=objective, period_start=jan, value="1")
    with pytest.raises(ValidationError):
        services.measurement_record(
            actor=people.owner, objective=objective, period_start=datetime.date(YEAR, 1, 15), value="1"
        )
    with pytest.raises(ValidationError):
        services.measurement_record(
            actor=people.owner,
            objective=objective,
            period_start=jan,
            value="1",
            evidence=make_upload("x.exe", b"MZ\x90"),
        )
    with pytest.raises(ValidationError):
        services.measurement_record(actor=people.owner, objective=objective, period_start=jan, value="NaN")
    next_year = make_objective(people, year=YEAR + 1)
    with pytest.raises(ValidationError):
        services.measurement_record(
            actor=people.owner, objective=next_year, period_start=datetime.date(YEAR + 1, 1, 1), value="1"
        )
    assert Measurement.objects.count() == 0


def test_builtin_indicator_is_computed_by_the_system_not_typed():
    from nonconformities.models import CorrectiveAction, Nonconformity
    from nonconformities.services import nonconformity_report

    people = People()
    nc = nonconformity_report(
        actor=people.officer,
        title="Trả chậm",
        source=Nonconformity.Source.OTHER,
        department=people.department,
        description="x",
        severity="minor",
    )
    due = datetime.date(YEAR, 1, 10)
    for done in (True, False):
        action = CorrectiveAction.objects.create(
            nonconformity=nc, description="x", owner=people.owner, due_date=due, created_by=people.owner
        )
        if done:
            CorrectiveAction.objects.filter(pk=action.pk).update(
                status="done", completed_at=datetime.datetime(YEAR, 1, 9, 12, tzinfo=datetime.UTC)
            )
    objective = make_objective(
        people,
        indicator_key="nc_actions_closed_on_time",
        indicator_name="",
        unit="",
        target=D("90"),
        threshold=D("60"),
    )
    assert (objective.unit, objective.indicator_name) == ("%", "Corrective actions closed on time")
    with pytest.raises(TransitionRefused):
        services.measurement_record(
            actor=people.owner, objective=objective, period_start=datetime.date(YEAR, 1, 1), value="100"
        )
    with pytest.raises(PermissionDenied):
        services.objective_compute(actor=people.owner, objective=objective)
    written = services.objectives_compute_all(today=datetime.date(YEAR, 2, 5))
    objective.refresh_from_db()
    january = objective.measurements.get(period_start=datetime.date(YEAR, 1, 1))
    assert (written, january.value, january.computed) == (1, D("50.00"), True)
    assert objective.status == ObjectiveStatus.MISSED
    # run twice: nothing new written
    assert services.objectives_compute_all(today=datetime.date(YEAR, 2, 5)) == 0


def test_a_missed_target_opens_a_nonconformity_once():
    from nonconformities.models import Nonconformity

    people = People()
    objective = make_objective(people)
    with pytest.raises(TransitionRefused):
        services.objective_open_nonconformity(actor=people.owner, objective=objective)
    services.measurement_record(
        actor=people.owner, objective=objective, period_start=datetime.date(YEAR, 1, 1), value="70"
    )
    nc = services.objective_open_nonconformity(
        actor=people.owner, objective=objective, description="Thiếu người"
    )
    assert (nc.source, nc.department, nc.iso_clause) == (
        Nonconformity.Source.PROCESS_MONITORING,
        people.department,
        "6.2",
    )
    assert "70" in nc.description and "Thiếu người" in nc.description
    with pytest.raises(TransitionRefused):
        services.objective_open_nonconformity(actor=people.owner, objective=objective)
    # an organisation-wide objective names the department that answers it
    whole = make_objective(people, department=None)
    services.measurement_record(
        actor=people.owner, objective=whole, period_start=datetime.date(YEAR, 1, 1), value="1"
    )
    with pytest.raises(ValidationError):
        services.objective_open_nonconformity(actor=people.officer, objective=whole)
    assert Nonconformity.objects.count() == 1


def test_missing_measurement_reminds_the_owner_weekly():
    from objectives.reminders import measurement_missing

    people = People()
    objective = make_objective(people, year=YEAR - 1)
    services.measurement_record(
        actor=people.owner, objective=objective, period_start=datetime.date(YEAR - 1, 1, 1), value="99"
    )
    events = list(measurement_missing(datetime.date(YEAR, 1, 3)))
    assert len(events) == 11  # February to December of last year
    assert {e.recipient_id for e in events} == {people.owner.pk}
    assert events[-1].due_key == f"{YEAR - 1}-12-01:w0"


def test_performance_figures_for_the_management_review():
    people = People()
    met = make_objective(people, year=YEAR - 1)
    missed = make_objective(people, year=YEAR - 1, department=None)
    make_objective(people, year=YEAR - 1, department=people.other)  # never measured
    for month, value in [(1, "80"), (2, "97")]:
        services.measurement_record(
            actor=people.officer, objective=met, period_start=datetime.date(YEAR - 1, month, 1), value=value
        )
    services.measurement_record(
        actor=people.officer, objective=missed, period_start=datetime.date(YEAR - 1, 3, 1), value="50"
    )
    rows = objectives_performance(
        period_start=datetime.date(YEAR - 1, 1, 1), period_end=datetime.date(YEAR - 1, 12, 31)
    )
    by_pk = {row.pk: row for row in rows}
    assert (by_pk[met.pk].latest_value, by_pk[met.pk].measurements, by_pk[met.pk].met) == (
        D("97.00"),
        2,
        True,
    )
    assert by_pk[missed.pk].status == ObjectiveStatus.MISSED
    assert objectives_performance_summary(rows) == {
        "not_measured": 1,
        "on_track": 1,
        "at_risk": 0,
        "missed": 1,
    }
    # only January: the first objective was missed then
    january = objectives_performance(
        period_start=datetime.date(YEAR - 1, 1, 1), period_end=datetime.date(YEAR - 1, 1, 31)
    )
    assert {row.pk: row.status for row in january}[met.pk] == ObjectiveStatus.MISSED
