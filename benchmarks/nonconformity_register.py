"""Nonconformity dashboard, register page and CSV export at the size of a large organisation.

    .venv/bin/python benchmarks/nonconformity_register.py               # PostgreSQL, database qms_bench_nc
    .venv/bin/python benchmarks/nonconformity_register.py --nonconformities 50000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_nc), migrates it, seeds departments and
nonconformities over three years (two corrective actions each, bulk_create), then
prints wall time, SQL queries and peak Python memory for: the dashboard as an officer
(everything) and as a department head (a relationship filter), the first register
page, and the whole CSV export.
"""

import argparse
import datetime
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qms_bench_nc"


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = (
        f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} "
        f"user={parts.username or 'postgres'} dbname=postgres"
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def measure(label, function):
    """Time and queries from a plain run; peak Python memory from a second, traced run."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps 9,000 queries; a full one would count nothing
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {elapsed:8.3f} s {len(queries):5d} queries {peak / 1024 / 1024:8.1f} MiB peak")
    return result


def seed(*, departments: int, count: int):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from nonconformities.models import CorrectiveAction, Nonconformity
    from nonconformities.workflow import Status
    from organisation.models import Department

    rng = random.Random(7)
    User = get_user_model()
    head = User.objects.create(username="bench-head")
    users = User.objects.bulk_create(User(username=f"bench-{n}") for n in range(50))
    depts = [
        Department(code=f"B{n:03d}", name=f"Phòng {n}", group=Group.objects.create(name=f"dept:B{n:03d}"))
        for n in range(departments)
    ]
    Department.objects.bulk_create(depts)
    depts = list(Department.objects.filter(code__startswith="B").order_by("code"))
    Department.objects.filter(pk=depts[0].pk).update(head=head)
    today = timezone.localdate()
    clauses = ["7.1.5", "7.5.3", "8.2.1", "8.4", "8.5.1", "8.7", "9.1.2", "10.2"]
    statuses = list(Status.values)
    rows = []
    for n in range(count):
        detected = today - datetime.timedelta(days=rng.randrange(3 * 365))
        status = rng.choice(statuses)
        closed_at = None
        if status == Status.CLOSED:
            closed_at = timezone.now() - datetime.timedelta(
                days=rng.randrange(0, max(1, (today - detected).days))
            )
        rows.append(
            Nonconformity(
                number=f"NC-B-{n + 1:06d}",
                title=f"Sự không phù hợp {n}",
                source=rng.choice(Nonconformity.Source.values),
                department=rng.choice(depts),
                description="Mô tả",
                date_detected=detected,
                severity=rng.choice(Nonconformity.Severity.values),
                iso_clause=rng.choice(clauses),
                reporter=rng.choice(users),
                owner=rng.choice(users),
                # Closed at the end: the database refuses actions added to a closed record.
                status=Status.VERIFICATION if status == Status.CLOSED else status,
                closed_at=closed_at,
            )
        )
    Nonconformity.objects.bulk_create(rows, batch_size=2000)
    actions = []
    for pk, status in Nonconformity.objects.values_list("pk", "status").iterator(chunk_size=5000):
        status = Status.CLOSED if status == Status.VERIFICATION else status
        for _i in range(2):
            actions.append(
                CorrectiveAction(
                    nonconformity_id=pk,
                    description="Hành động",
                    owner=rng.choice(users),
                    due_date=today + datetime.timedelta(days=rng.randrange(-90, 60)),
                    status="done" if status in (Status.VERIFICATION, Status.CLOSED) else "open",
                    created_by=head,
                )
            )
    CorrectiveAction.objects.bulk_create(actions, batch_size=5000)
    Nonconformity.objects.filter(closed_at__isnull=False).update(status=Status.CLOSED)
    return head


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--nonconformities", type=int, default=20000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.base")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    head = seed(departments=args.departments, count=args.nonconformities)
    print(
        f"seeded {args.departments} departments, {args.nonconformities} nonconformities, "
        f"{2 * args.nonconformities} actions in {time.perf_counter() - started:.1f} s"
    )

    from nonconformities.selectors import dashboard_for
    from organisation.roles import Role

    officer = get_user_model().objects.create(username="bench-officer")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    officer = get_user_model().objects.get(pk=officer.pk)
    figures = measure("dashboard (officer, all records)", lambda: dashboard_for(officer))
    print(
        f"  open: {figures['open_count']}, repeats: {len(figures['repeats'])}, overdue: {figures['overdue_count']}"
    )
    measure("dashboard (head of one department)", lambda: dashboard_for(head))
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    # Keep one connection and its query log across requests, so the counts are complete.
    request_started.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    client.get("/nonconformities/")  # warm up: templates, translations
    measure("register page 1 (officer, HTTP)", lambda: client.get("/nonconformities/"))
    measure("dashboard page (officer, HTTP)", lambda: client.get("/nonconformities/dashboard/"))
    content = measure(
        "CSV export of the register (officer, HTTP)",
        lambda: b"".join(client.get("/nonconformities/export.csv").streaming_content),
    )
    print(f"  CSV size: {len(content) / 1024 / 1024:.1f} MiB, {content.count(bytes([10]))} lines")


if __name__ == "__main__":
    main()
