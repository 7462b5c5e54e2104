"""Concurrent writers on a real PostgreSQL: numbers are never duplicated and a document
never ends with two effective versions. Each thread has its own connection."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from documents import services
from documents.models import Document, DocumentVersion
from documents.workflow import DocumentStatus
from qms.reference_data import reference_data_ensure
from tests.conftest import CI, _reachable
from tests.documents.factories import (
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    advance_version,
    make_document,
    make_upload,
)

# Skipped before any database set-up on SQLite (the PostgreSQL pass of .ci/run runs
# them); with CI=true and no PostgreSQL server the postgres marker fails them instead.
ON_SQLITE_BY_CHOICE = connection.vendor != "postgresql" and (not CI or _reachable("127.0.0.1", 5432))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(ON_SQLITE_BY_CHOICE, reason="needs PostgreSQL: runs in the PostgreSQL pass"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _reference_data():
    # An earlier transactional test's flush may have emptied the role groups and routes.
    reference_data_ensure()


def start_at_once(jobs):
    """Start every job at the same moment (a barrier); results and errors fill in."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    return threads, results, errors


def finish(threads):
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"


def run_at_once(jobs):
    threads, results, errors = start_at_once(jobs)
    finish(threads)
    return results, errors


def wait_until_blocked(count):
    """Wait (not a timing assertion) until ``count`` other sessions wait on a row lock."""
    for _ in range(600):
        with connection.cursor() as cursor:
            # Activity figures are a per-transaction snapshot: refresh them on each look.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.05)
    raise AssertionError(f"{count} sessions never queued for the lock")


def test_twenty_simultaneous_registrations_get_twenty_consecutive_numbers():
    # given
    assert connection.vendor == "postgresql"
    officer = UserFactory(officer=True)
    doc_type = DocumentTypeFactory(code="QT")
    department = DepartmentFactory(code="VP")

    def register(n):
        return lambda: (
            services.document_register(
                actor=officer,
                doc_type=doc_type,
                department=department,
                title=f"Quy trình số {n}",
                file=make_upload(f"quy-trinh-{n}.pdf"),
            ).number
        )

    # when
    numbers, errors = run_at_once([register(n) for n in range(20)])
    # then
    assert errors == []
    assert sorted(numbers) == [f"QT-VP-{n:02d}" for n in range(1, 21)]
    assert Document.objects.count() == 20
    assert DocumentVersion.objects.filter(status=DocumentStatus.DRAFT).count() == 20


def test_two_approved_versions_published_at_once_leave_exactly_one_effective():
    # given: revision 01 effective, revisions 02 and 03 both approved. The services open
    # one revision at a time, so 03 is written directly: the race is what matters here.
    officer = UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    second = services.version_create_draft(
        actor=officer, document=document, file=make_upload("v2.pdf"), change_summary="Sửa đổi lần 1"
    )
    second = advance_version(second, DocumentStatus.APPROVED, officer=officer)
    third = DocumentVersion.objects.create(
        document=document,
        revision=3,
        change_summary="Sửa đổi lần 2",
        body="Nội dung lần 3",
        author=officer,
        status=DocumentStatus.APPROVED,
        approved_by=officer,
        approved_at=timezone.now(),
    )

    def publish(version):
        return lambda: services.version_publish(actor=officer, version=version).status

    # when: both publishers queue behind a lock on the current effective version, so
    # they truly overlap when it is released
    with transaction.atomic():
        DocumentVersion.objects.select_for_update().get(pk=document.versions.get(revision=1).pk)
        threads, results, errors = start_at_once([publish(second), publish(third)])
        wait_until_blocked(2)
    finish(threads)
    # then
    assert errors == []
    assert results == [
        DocumentStatus.EFFECTIVE,
        DocumentStatus.EFFECTIVE,
    ]  # one after the other, each in turn
    statuses = dict(document.versions.values_list("revision", "status"))
    assert list(statuses.values()).count(DocumentStatus.EFFECTIVE) == 1
    assert statuses[1] == DocumentStatus.SUPERSEDED
    assert sorted([statuses[2], statuses[3]]) == [DocumentStatus.EFFECTIVE, DocumentStatus.SUPERSEDED]


def test_the_same_version_published_twice_at_once_is_published_once():
    officer = UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.APPROVED)
    version = document.versions.get()

    def publish():
        return services.version_publish(actor=officer, version=version).status

    results, errors = run_at_once([publish, publish])
    assert [r for r in results if r is not None] == [DocumentStatus.EFFECTIVE]
    assert len(errors) == 1 and "effective" in str(getattr(errors[0], "message", errors[0]))
    assert version.history.filter(history_change_reason="publish").count() == 1
