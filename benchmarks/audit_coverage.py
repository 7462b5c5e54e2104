"""Audit programme coverage matrix and audit list at the size of a large organisation.

    .venv/bin/python benchmarks/audit_coverage.py                       # PostgreSQL, database qms_bench_audits
    .venv/bin/python benchmarks/audit_coverage.py --departments 200 --audits 5000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_audits), migrates it, seeds departments,
a programme item per department and audits over the year (bulk_create), then prints,
for the coverage matrix of the year and for the first page of the audit list as an
officer sees it: time, SQL queries and peak Python memory, beside a bare baseline (the
same audits read with a plain query; benchmarks/harness.py).
"""

import argparse
import datetime
import random
import time

import harness

YEAR = 2026


def seed(*, departments: int, audits: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from audits.models import Audit, AuditProgramme, Clause, ProgrammeItem
    from organisation.models import Department

    rng = random.Random(42)
    user = get_user_model().objects.create(username="bench-auditor")

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
    harness.django_start(database="qms_bench_audits", settings="qms.settings.base")
    started = time.perf_counter()
    seed(departments=args.departments, audits=args.audits)
    print(f"seeded {args.departments} departments, {args.audits} audits in {harness.elapsed(started)}")

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from audits.models import Audit
    from audits.selectors import audit_list_visible_to, coverage_matrix
    from organisation.roles import Role

    officer = get_user_model().objects.create(username="bench-officer")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    officer = get_user_model().objects.get(pk=officer.pk)

    def bare_year():
        # the year's audits with their departments and clauses, nothing counted
        return list(Audit.objects.filter(planned_start__year=YEAR).prefetch_related("departments", "clauses"))

    matrix = harness.measure(
        "coverage matrix of the year", lambda: coverage_matrix(YEAR), baseline=bare_year, memory="rerun"
    )
    print(f"  cells: {matrix['totals']}")
    harness.measure(
        "coverage matrix again (warm)", lambda: coverage_matrix(YEAR), baseline=bare_year, memory="rerun"
    )
    harness.measure(
        "audit list, first 200 rows (officer)",
        lambda: [
            (a.reference, [d.code for d in a.departments.all()]) for a in audit_list_visible_to(officer)[:200]
        ],
        baseline=lambda: [
            (a.reference, [d.code for d in a.departments.all()])
            for a in Audit.objects.order_by("-planned_start").prefetch_related("departments")[:200]
        ],
        memory="rerun",
    )


if __name__ == "__main__":
    main()
