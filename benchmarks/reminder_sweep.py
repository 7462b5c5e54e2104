"""Reminder sweep at scale: 100,000 effective documents, 10,000 of them due or overdue.

    .venv/bin/python benchmarks/reminder_sweep.py            # PostgreSQL, database qms_bench_reminders
    .venv/bin/python benchmarks/reminder_sweep.py --documents 20000 --due 2000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_reminders), migrates it, seeds it with
bulk_create, then prints for the sweep (find + record in the outbox), a second sweep
(nothing new) and the delivery of a sample of reminders (in-process, locmem e-mail):
time, SQL queries and peak Python memory (tracemalloc), beside a bare baseline (the due
versions by one plain query; the same number of e-mails sent alone; benchmarks/harness.py).
"""

import argparse
import datetime
import time

import harness


def seed(*, documents: int, due: int, today: datetime.date) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from documents.models import Document, DocumentType, DocumentVersion
    from documents.workflow import DocumentStatus
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
                    status=DocumentStatus.EFFECTIVE,
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
    harness.django_start(database="qms_bench_reminders", fresh=not options.reuse)

    from django.db import connection
    from django.urls import get_resolver
    from django.utils import timezone

    from notifications.models import Notification
    from reminders.models import Reminder

    today = timezone.localdate()
    if options.reuse:
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
    else:
        started = time.perf_counter()
        seed(documents=options.documents, due=options.due, today=today)
        print(
            f"seeded {options.documents} documents ({options.due} due or overdue) in {harness.elapsed(started)}"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    get_resolver().check()  # load the URLconf once, as a running worker has
    measure_sweeps(today)
    measure_delivery(options.deliver)
    print(f"outbox: {Reminder.objects.count()} rows, {Reminder.objects.filter(status='sent').count()} sent")


def measure_sweeps(today: datetime.date) -> None:
    from documents.models import DocumentVersion
    from documents.workflow import DocumentStatus
    from reminders.services import reminders_sweep

    def due_versions():  # bare sweep: the due versions and their owners by one plain query
        return list(
            DocumentVersion.objects.filter(
                status=DocumentStatus.EFFECTIVE, next_review_date__lte=today + datetime.timedelta(days=30)
            ).values_list("pk", "document__owner_id", "next_review_date")
        )

    result = harness.measure(
        "sweep (find + record + list pending)",
        lambda: reminders_sweep(today=today, enqueue=False),
        baseline=due_versions,
        memory="same",
    )
    print(f"  found per kind: {result.found}; new outbox rows: {result.recorded}")
    again = harness.measure(
        "second sweep (nothing new)",
        lambda: reminders_sweep(today=today, enqueue=False),
        baseline=due_versions,
        memory="same",
    )
    print(f"  new outbox rows: {again.recorded}")


def measure_delivery(count: int) -> None:
    from django.core import mail

    from reminders.models import Reminder
    from reminders.services import reminder_deliver

    sample = list(Reminder.objects.order_by("pk").values_list("pk", flat=True)[:count])

    def deliver():
        for reminder_id in sample:
            reminder_deliver(reminder_id=reminder_id)

    def bare_mail():  # bare delivery: the same number of e-mails sent, nothing recorded
        mail.send_mass_mail(
            [("Nhắc việc", "Tài liệu đến hạn xem xét", None, [f"bench{n}@example.org"]) for n in sample]
        )

    harness.measure(
        f"deliver {len(sample)} reminders (inbox + e-mail)", deliver, baseline=bare_mail, memory="same"
    )


if __name__ == "__main__":
    main()
