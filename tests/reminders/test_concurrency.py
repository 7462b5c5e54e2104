"""Two sweeps at the same moment (two beats, or beat plus cron) on PostgreSQL."""

import datetime
import threading

import pytest
from django.db import connection

from documents.models import DocumentVersion
from qms.reference_data import reference_data_ensure
from reminders import registry
from reminders.models import Reminder
from reminders.services import reminders_sweep
from tests.reviews.factories import effective_document

DUE = datetime.date(2027, 1, 10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_record_each_reminder_once():
    reference_data_ensure()  # if an earlier transactional test's flush emptied them
    # given 30 documents due, and a kind that makes both sweeps find every event before
    # either writes, so their inserts really collide
    for _ in range(30):
        effective_document(next_review_date=DUE)
    barrier = threading.Barrier(2, timeout=30)
    review_due = registry.kind_get("review_due")

    def found_then_wait(today):
        events = list(review_due.find(today))
        barrier.wait()
        return events

    registry.register("review_due", found_then_wait, subject=review_due.subject, message=review_due.message)
    results, errors = [], []

    def run():
        try:
            results.append(reminders_sweep(today=DUE, enqueue=False))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    try:
        # when two sweeps run at once
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        registry.register(
            review_due.name,
            review_due.find,
            subject=review_due.subject,
            message=review_due.message,
            label=review_due.label,
        )
    # then neither failed, both found all 30, and the outbox holds each reminder once
    assert errors == []
    assert [result.found["review_due"] for result in results] == [30, 30]
    assert Reminder.objects.filter(kind="review_due").count() == 30
    assert (
        Reminder.objects.values("object_id").distinct().count()
        == DocumentVersion.objects.filter(next_review_date=DUE).count()
    )
