"""Nonconformity dashboard, register page and CSV export at the size of a large organisation.

    .venv/bin/python benchmarks/nonconformity_register.py               # PostgreSQL, database qms_bench_nc
    .venv/bin/python benchmarks/nonconformity_register.py --nonconformities 50000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_nc), migrates it, seeds departments and
nonconformities over three years (two corrective actions each, bulk_create), then
prints time, SQL queries and peak Python memory, beside a bare baseline (the same rows,
or the dashboard's headline count, by a plain query; benchmarks/harness.py), for: the
dashboard as an officer (everything) and as a department head (a relationship filter),
the first register page, and the whole CSV export.
"""

import argparse
import datetime
import random
import time

import harness


def seed(*, departments: int, count: int):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from nonconformities.models import CorrectiveAction, Nonconformity
    from nonconformities.workflow import NonconformityStatus
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
    Nonconformity.objects.bulk_create(_nonconformities(rng, count, depts, users), batch_size=2000)
    today = timezone.localdate()
    actions = []
    for pk, status in Nonconformity.objects.values_list("pk", "status").iterator(chunk_size=5000):
        status = NonconformityStatus.CLOSED if status == NonconformityStatus.VERIFICATION else status
        for _i in range(2):
            actions.append(
                CorrectiveAction(
                    nonconformity_id=pk,
                    description="Hành động",
                    owner=rng.choice(users),
                    due_date=today + datetime.timedelta(days=rng.randrange(-90, 60)),
                    status="done"
                    if status in (NonconformityStatus.VERIFICATION, NonconformityStatus.CLOSED)
                    else "open",
                    created_by=head,
                )
            )
    CorrectiveAction.objects.bulk_create(actions, batch_size=5000)
    Nonconformity.objects.filter(closed_at__isnull=False).update(status=NonconformityStatus.CLOSED)
    return head


def _nonconformities(rng, count: int, depts, users) -> list:
    """Records detected over three years in every status (closed ones as in verification:
    the database refuses actions added to a closed record; they are closed at the end)."""
    from django.utils import timezone

    from nonconformities.models import Nonconformity
    from nonconformities.workflow import NonconformityStatus

    today = timezone.localdate()
    clauses = ["7.1.5", "7.5.3", "8.2.1", "8.4", "8.5.1", "8.7", "9.1.2", "10.2"]
    statuses = list(NonconformityStatus.values)
    rows = []
    for n in range(count):
        detected = today - datetime.timedelta(days=rng.randrange(3 * 365))
        status = rng.choice(statuses)
        closed_at = None
        if status == NonconformityStatus.CLOSED:
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
                status=NonconformityStatus.VERIFICATION if status == NonconformityStatus.CLOSED else status,
                closed_at=closed_at,
            )
        )
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--nonconformities", type=int, default=20000)
    args = parser.parse_args()
    harness.django_start(database="qms_bench_nc", settings="qms.settings.base")
    started = time.perf_counter()
    head = seed(departments=args.departments, count=args.nonconformities)
    print(
        f"seeded {args.departments} departments, {args.nonconformities} nonconformities, "
        f"{2 * args.nonconformities} actions in {harness.elapsed(started)}"
    )

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from nonconformities.models import Nonconformity
    from nonconformities.selectors import dashboard_for
    from nonconformities.workflow import NonconformityStatus
    from organisation.roles import Role

    officer = get_user_model().objects.create(username="bench-officer")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    officer = get_user_model().objects.get(pk=officer.pk)

    def open_count():  # bare dashboard: its headline figure alone
        return Nonconformity.objects.exclude(status=NonconformityStatus.CLOSED).count()

    figures = harness.measure(
        "dashboard (officer, all records)",
        lambda: dashboard_for(officer),
        baseline=open_count,
        memory="rerun",
    )
    print(
        f"  open: {figures['open_count']}, repeats: {len(figures['repeats'])}, overdue: {figures['overdue_count']}"
    )
    harness.measure(
        "dashboard (head of one department)",
        lambda: dashboard_for(head),
        baseline=open_count,
        memory="rerun",
    )
    measure_pages(officer, open_count)


def measure_pages(officer, open_count) -> None:
    from django.test import Client

    from nonconformities.models import Nonconformity

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    client.get("/nonconformities/")  # warm up: templates, translations
    harness.measure(
        "register page 1 (officer, HTTP)",
        lambda: client.get("/nonconformities/"),
        baseline=lambda: list(Nonconformity.objects.select_related("department", "owner")[:50]),
        memory="rerun",
    )
    harness.measure(
        "dashboard page (officer, HTTP)",
        lambda: client.get("/nonconformities/dashboard/"),
        baseline=open_count,
        memory="rerun",
    )
    content = harness.measure(
        "CSV export of the register (officer, HTTP)",
        lambda: b"".join(client.get("/nonconformities/export.csv").streaming_content),
        # bare: every row's columns as tuples, no CSV written
        baseline=lambda: list(
            Nonconformity.objects.values_list(
                "number", "title", "status", "severity", "source", "department__code", "date_detected"
            ).iterator(chunk_size=2000)
        ),
        memory="rerun",
    )
    print(f"  CSV size: {len(content) / 1024 / 1024:.1f} MiB, {content.count(bytes([10]))} lines")


if __name__ == "__main__":
    main()
