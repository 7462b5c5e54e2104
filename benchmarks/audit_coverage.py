"""Audit programme coverage matrix and audit list at the size of a large organisation.

    .venv/bin/python benchmarks/audit_coverage.py                       # PostgreSQL, database qms_bench_audits
    .venv/bin/python benchmarks/audit_coverage.py --departments 200 --audits 5000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_audits), migrates it, seeds departments,
a programme item per department and audits over the year (bulk_create), then prints,
for the coverage matrix of the year and for the first page of the audit list as an
officer sees it: wall time, number of SQL queries and peak Python memory.
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
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qms_bench_audits"
YEAR = 2026


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} user={parts.username or 'postgres'} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def measure(label, function):
    """Time and queries from a plain run; peak Python memory from a second, traced run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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


def seed(*, departments: int, audits: int) -> None:
    from django.contrib.auth import get_user_model

    from audits.models import Audit, AuditProgramme, Clause, ProgrammeItem
    from organisation.models import Department

    rng = random.Random(42)
    user = get_user_model().objects.create(username="bench-auditor")
    from django.contrib.auth.models import Group

    depts = []
    for n in range(departments):
        group = Group.objects.create(name=f"dept:B{n:04d}")
        depts.append(Department(code=f"B{n:04d}", name=f"Phòng {n}", group=group))
    Department.objects.bulk_create(depts)
    depts = list(Department.objects.filter(code__startswith="B"))
    clauses = list(Clause.objects.all())
    programme = AuditProgramme.objects.create(year=YEAR, created_by=user)
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(
            programme=programme, department=d, importance="medium", past_result="conforming", frequency=1
        )
        for d in depts
    )
    item_clauses = ProgrammeItem.clauses.through
    item_clauses.objects.bulk_create(
        item_clauses(programmeitem_id=item.pk, clause_id=c.pk)
        for item in ProgrammeItem.objects.all()
        for c in rng.sample(clauses, 5)
    )
    statuses = ["planned", "in_progress", "reported", "closed"]
    rows = []
    for n in range(audits):
        start = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(360))
        rows.append(
            Audit(
                reference=f"IA-{YEAR}-{n + 1:05d}",
                title=f"Đánh giá {n}",
                planned_start=start,
                planned_end=start,
                lead_auditor=user,
                status=rng.choice(statuses),
                created_by=user,
            )
        )
    Audit.objects.bulk_create(rows, batch_size=2000)
    through_d, through_c = Audit.departments.through, Audit.clauses.through
    ids = list(Audit.objects.values_list("pk", flat=True))
    through_d.objects.bulk_create(
        (through_d(audit_id=pk, department_id=d.pk) for pk in ids for d in rng.sample(depts, 2)),
        batch_size=5000,
    )
    through_c.objects.bulk_create(
        (through_c(audit_id=pk, clause_id=c.pk) for pk in ids for c in rng.sample(clauses, 4)),
        batch_size=5000,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=60)
    parser.add_argument("--audits", type=int, default=1000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.base")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(departments=args.departments, audits=args.audits)
    print(
        f"seeded {args.departments} departments, {args.audits} audits in {time.perf_counter() - started:.1f} s"
    )

    from django.contrib.auth import get_user_model

    from audits.selectors import audit_list_visible_to, coverage_matrix
    from organisation.roles import Role

    officer = get_user_model().objects.create(username="bench-officer")
    from django.contrib.auth.models import Group

    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    officer = get_user_model().objects.get(pk=officer.pk)
    matrix = measure("coverage matrix of the year", lambda: coverage_matrix(YEAR))
    print(f"  cells: {matrix['totals']}")
    measure("coverage matrix again (warm)", lambda: coverage_matrix(YEAR))
    measure(
        "audit list, first 200 rows (officer)",
        lambda: [
            (a.reference, [d.code for d in a.departments.all()]) for a in audit_list_visible_to(officer)[:200]
        ],
    )


if __name__ == "__main__":
    main()
