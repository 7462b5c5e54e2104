"""Reminder sweep at scale: 100,000 effective documents, 10,000 of them due or overdue.

    .venv/bin/python benchmarks/reminder_sweep.py            # PostgreSQL, database qms_bench_reminders
    .venv/bin/python benchmarks/reminder_sweep.py --documents 20000 --due 2000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_reminders), migrates it, seeds it with
bulk_create, then prints for the sweep (find + record in the outbox), a second sweep
(nothing new) and the delivery of a sample of reminders (in-process, locmem e-mail):
wall time, number of SQL queries and peak Python memory (tracemalloc).
"""

import argparse
import datetime
import os
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qms_bench_reminders"


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} user={parts.username or 'postgres'} dbname=postgres"
    if parts.password:
        admin += f" password={parts.password}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def measure(label, function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<42} {elapsed:8.2f} s {len(queries):7d} queries {peak / 1024 / 1024:8.1f} MiB peak")
    return result


def seed(*, documents: int, due: int, today: datetime.date) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from documents.models import Document, DocumentType, DocumentVersion
    from documents.workflow import Status
    from organisation.models import Department

    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bench{n}", email=f"bench{n}@example.org", password="!") for n in range(400)]
    )
    departments = []
    for n in range(20):
        department = Department(code=f"B{n:02d}", name=f"Phòng {n}", head=users[n])
        department.save()
        departments.append(department)
    doc_type = DocumentType.objects.create(code="QT", name="Quy trình", default_review_months=12)
    now = timezone.now()
    batch = 5000
    for start in range(0, documents, batch):
        rows = [
            Document(
                number=f"QT-{n:06d}",
                title=f"Quy trình số {n}",
                doc_type=doc_type,
                department=departments[n % len(departments)],
                owner=users[20 + n % (len(users) - 20)],
                created_by=users[0],
            )
            for n in range(start, min(start + batch, documents))
        ]
        Document.objects.bulk_create(rows)
        versions = []
        for document in rows:
            n = int(document.number[3:])
            if n < due:
                # due: spread from 60 days overdue to 30 days ahead (every day of the window)
                review = today + datetime.timedelta(days=(n % 91) - 60)
            else:
                review = today + datetime.timedelta(days=31 + n % 700)
            versions.append(
                DocumentVersion(
                    document=document,
                    revision=1,
                    author=document.owner,
                    status=Status.EFFECTIVE,
                    body="Nội dung",
                    approved_by=users[1],
                    approved_at=now,
                    effective_date=review - datetime.timedelta(days=365),
                    next_review_date=review,
                )
            )
        DocumentVersion.objects.bulk_create(versions)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--deliver", type=int, default=1000, help="how many reminders to deliver as a sample")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the seeded database of the last run; only empty the outbox"
    )
    options = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    os.environ.pop("REDIS_URL", None)  # deliveries run in-process; the sweep itself is what we measure
    if not options.reuse:
        recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import get_resolver
    from django.utils import timezone

    from notifications.models import Notification
    from reminders.models import Reminder
    from reminders.services import reminder_deliver, reminders_sweep

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    today = timezone.localdate()
    if options.reuse:
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
    else:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        seed(documents=options.documents, due=options.due, today=today)
        elapsed = time.perf_counter() - started
        print(f"seeded {options.documents} documents ({options.due} due or overdue) in {elapsed:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    get_resolver().check()  # load the URLconf once, as a running worker has

    result = measure(
        "sweep (find + record + list pending)", lambda: reminders_sweep(today=today, enqueue=False)
    )
    print(f"  found per kind: {result.found}; new outbox rows: {result.recorded}")
    again = measure("second sweep (nothing new)", lambda: reminders_sweep(today=today, enqueue=False))
    print(f"  new outbox rows: {again.recorded}")

    sample = list(Reminder.objects.order_by("pk").values_list("pk", flat=True)[: options.deliver])

    def deliver():
        for reminder_id in sample:
            reminder_deliver(reminder_id=reminder_id)

    measure(f"deliver {len(sample)} reminders (inbox + e-mail)", deliver)
    print(f"outbox: {Reminder.objects.count()} rows, {Reminder.objects.filter(status='sent').count()} sent")


if __name__ == "__main__":
    main()
