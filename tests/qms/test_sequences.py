"""The one number allocator (qms.sequences): every series counts from 1 on its own,
numbers taken outside the series are passed over, writers racing on a new series never
share a number, and the three numbered registers (documents, nonconformities, audits) all
draw from it. (A number not reused after its record is deleted: tests/documents.)"""

import datetime

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from qms.models import NumberSequence
from qms.sequences import sequence_next
from tests.conftest import CI, _reachable
from tests.documents.factories import make_document
from tests.documents.test_concurrency import run_at_once


def _next(series, **kwargs):
    with transaction.atomic():
        return sequence_next(series, **kwargs)


@pytest.mark.django_db
def test_each_series_counts_from_one_on_its_own():
    # when
    numbers = [_next("NC-2026"), _next("NC-2026"), _next("NC-2027"), _next("NC-2026")]
    # then
    assert numbers == [1, 2, 1, 3]


@pytest.mark.django_db
def test_numbers_taken_outside_the_series_are_passed_over_and_consumed():
    # given numbers 2 and 3 already used by records imported with their own numbers
    imported = {2, 3}
    # when
    numbers = [_next("QT-VP-{seq}", taken=imported.__contains__) for _ in range(3)]
    # then
    assert numbers == [1, 4, 5]
    assert NumberSequence.objects.get(key="QT-VP-{seq}").last_value == 5


@pytest.mark.django_db(transaction=True)
def test_a_number_is_only_reserved_inside_a_transaction():
    # the series row must stay locked until the record using the number is saved
    with pytest.raises(TransactionManagementError):
        sequence_next("NC-2026")
    assert not NumberSequence.objects.exists()


@pytest.mark.django_db
def test_documents_nonconformities_and_audits_draw_from_the_one_allocator():
    # given series that an earlier run left at 6, 41 and 2
    from tests.audits.factories import make_audit
    from tests.nonconformities.factories import Cast, report

    NumberSequence.objects.create(key="QT-VP-{seq}", last_value=6)
    NumberSequence.objects.create(key="NC-2026", last_value=41)
    NumberSequence.objects.create(key="audit:IA-2026", last_value=2)
    # when
    document = make_document()
    nonconformity = report(Cast(), date_detected=datetime.date(2026, 3, 2))
    audit = make_audit(start=datetime.date(2026, 5, 4))
    # then each continues its series
    assert document.number == "QT-VP-07"
    assert nonconformity.number == "NC-2026-042"
    assert audit.reference == "IA-2026-03"


ON_SQLITE_BY_CHOICE = connection.vendor != "postgresql" and (not CI or _reachable("127.0.0.1", 5432))


@pytest.mark.postgres
@pytest.mark.skipif(ON_SQLITE_BY_CHOICE, reason="needs PostgreSQL: runs in the PostgreSQL pass")
@pytest.mark.django_db(transaction=True)
def test_twenty_writers_starting_a_new_series_at_once_get_twenty_different_numbers():
    # given a series nobody has used: every writer races to create its row
    # when
    numbers, errors = run_at_once([lambda: _next("NC-2031") for _ in range(20)])
    # then
    assert errors == []
    assert sorted(numbers) == list(range(1, 21))
    assert NumberSequence.objects.get(key="NC-2031").last_value == 20
