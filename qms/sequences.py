"""The one number allocator: document numbers, nonconformity numbers and audit references
all take their next number here.

A series (``"NC-2026"``, ``"QT-VP-{seq}"``) is one row holding the last number handed
out. ``sequence_next`` locks that row until the caller's transaction ends, so concurrent
registrations in one series queue instead of taking the same number, and the value only
ever goes up: a number is never handed out twice, even after its record is deleted.
(A transaction that rolls back returns its number with it; no record ever showed it.)
"""

from collections.abc import Callable

from django.db import transaction
from django.db.transaction import TransactionManagementError

from qms.models import NumberSequence


def sequence_next(series: str, *, taken: Callable[[int], bool] | None = None) -> int:
    """Reserve the next number of ``series`` (1 for a new series) and return it.

    Caller runs inside the transaction that saves the numbered record; the series row
    stays locked until it commits. ``taken(n)`` says whether ``n`` is already
    used outside the series (a number typed in by an import of an existing master list):
    such numbers are passed over and consumed, never handed out.
    """
    if not transaction.get_connection().in_atomic_block:
        # Checked here as well: SQLite ignores select_for_update instead of refusing it.
        raise TransactionManagementError("sequence_next() runs inside the transaction that uses the number.")
    # get_or_create retries its read when a concurrent transaction inserted the series
    # first (IntegrityError on the unique key); both paths end holding the row lock.
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(key=series)
    value = sequence.last_value + 1
    while taken is not None and taken(value):
        value += 1
    sequence.last_value = value
    sequence.save(update_fields=["last_value"])
    return value


def sequence_reserve(series: str, value: int) -> None:
    """Make sure ``series`` never hands out ``value`` or below (a number brought in by an
    import of an existing register). Runs inside the caller's transaction, row locked."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "sequence_reserve() runs inside the transaction that uses the number."
        )
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(key=series)
    if sequence.last_value < value:
        sequence.last_value = value
        sequence.save(update_fields=["last_value"])
