"""The figures: a constant number of queries whatever the number of dossiers; the
management review's satisfaction input; the built-in indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers import importer, selectors, services
from dossiers.models import Dossier
from qms import indicators
from tests.dossiers import factories as f

pytestmark = pytest.mark.django_db


def _dossiers(count, start=0):
    rows = []
    for n in range(start, start + count):
        code = f"Q-{n:04d}"
        received = f.at(2027, 3, 1 + n % 20, 8)
        returned = received + dt.timedelta(days=3 + n % 9)
        rows.append(
            (
                n,
                {
                    "dossier_code": code,
                    "procedure_code": f"1.00{n % 3}",
                    "received_at": received,
                    "returned_at": returned,
                },
            )
        )
        rows.append(
            (
                n,
                {
                    "dossier_code": code,
                    "event": "step",
                    "step": "Thẩm định",
                    "department": "KT",
                    "started_at": received,
                    "finished_at": returned,
                },
            )
        )
    report = importer.rows_import(rows)
    assert report.errors == []


def _queries(user, **period):
    with CaptureQueriesContext(connection) as captured:
        selectors.on_time_dashboard(user, **period)
        selectors.recurring_late_steps(user, month=dt.date(2027, 3, 1))
    return len(captured)


def test_the_dashboard_costs_the_same_queries_for_3_and_60_dossiers():
    kt = f.department("KT")
    for n in range(3):
        f.procedure(f"1.00{n}", days="5", dept=kt)
    officer, member = f.officer(), f.user("member", departments=[kt])
    _dossiers(3)
    whole_months = {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 12, 31)}
    some_days = {"start": dt.date(2027, 3, 2), "end": dt.date(2027, 4, 20)}
    for user in (officer, member):
        _queries(user, **whole_months)  # the users' permissions, read once and cached
    small = [
        _queries(officer, **whole_months),
        _queries(member, **whole_months),
        _queries(officer, **some_days),
    ]
    _dossiers(57, start=3)
    assert [
        _queries(officer, **whole_months),
        _queries(member, **whole_months),
        _queries(officer, **some_days),
    ] == small
    # The rollup and the live figures agree on whole months.
    month = selectors.on_time_dashboard(officer, **whole_months)["totals"]
    live = selectors.on_time_dashboard(officer, start=dt.date(2027, 1, 2), end=dt.date(2027, 12, 31))[
        "totals"
    ]
    assert month == live and month["total"] == Dossier.objects.count() == 60


def test_management_review_input_and_indicators():
    kt = f.department("KT")
    procedure = f.procedure("1.000", days="5", dept=kt)
    for n in (1, 2):
        f.procedure(f"1.00{n}", days="5", dept=kt)
    _dossiers(3)
    survey = selectors.survey_for(procedure)
    for index, dossier in enumerate(Dossier.objects.order_by("code")):
        survey = selectors.survey_for(dossier.procedure)
        scores = {q.pk: (5 if index else 1) for q in survey.questions.all()}
        services.survey_submit(survey=survey, scores=scores, dossier=dossier)
    today = dt.date.today()
    data = selectors.satisfaction_for_management_review(today - dt.timedelta(days=1), today)
    assert data["responses"] == 3 and data["low_responses"] == 1
    assert data["satisfied_rate"] == "66.67"
    assert [row["criterion"] for row in data["by_criterion"]][0] == "access"
    on_time = indicators.get("dossiers_on_time").compute(dt.date(2027, 1, 1), dt.date(2027, 12, 31), None)
    assert isinstance(on_time, Decimal)
    assert indicators.get("citizen_satisfaction").compute(today, today, kt) == Decimal("66.67")
