"""Preparing a management review (ISO 9001 9.3.2, every input compiled and frozen) over a
year of a large organisation's records.

    .venv/bin/python benchmarks/management_review.py                   # PostgreSQL, database qms_bench_mr
    .venv/bin/python benchmarks/management_review.py --scale 0.1       # a tenth of every size

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_mr), migrates it and bulk-loads the records
in two steps: first a tenth of each size, then the rest up to 100,000 documents (one
effective version each, 2% external), 20,000 nonconformities (one corrective action
each), 2,000 audits (two clauses and three findings each), 500 risks (one treatment
action each), 200 objectives with twelve monthly measurements, 5,000 pieces of citizen
feedback. After each step it prepares a review of the year (review_prepare: every
compiler of management_reviews/inputs.py, and the snapshot rows written) and prints its
time, SQL queries and peak Python memory beside a bare baseline: the same year's counts
of each register by plain COUNT queries. The query count must be the same at both sizes.
"""

import argparse
import datetime
import random
import time

import harness

YEAR = 2026
SIZES = {"documents": 100_000, "nonconformities": 20_000, "audits": 2_000, "risks": 500, "objectives": 200}
FEEDBACK = 5_000


def _day(rng) -> datetime.date:
    return datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _people():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from organisation.models import Department
    from organisation.roles import Role

    User = get_user_model()
    officer = User.objects.create(username="bench-officer")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    chair = User.objects.create(username="bench-head")
    chair.groups.add(Group.objects.get(name=Role.HEAD))
    users = User.objects.bulk_create(User(username=f"bench-{n}") for n in range(40))
    departments = [
        Department.objects.create(
            code=f"B{n:02d}", name=f"Phòng {n}", group=Group.objects.create(name=f"dept:B{n:02d}")
        )
        for n in range(12)
    ]
    return officer, chair, users, departments


def _documents(rng, start, count, *, officer, departments):
    from documents.models import Document, DocumentType, DocumentVersion

    internal, _ = DocumentType.objects.get_or_create(code="QT", defaults={"name": "Quy trình"})
    external, _ = DocumentType.objects.get_or_create(
        code="TLN", defaults={"name": "Tài liệu bên ngoài", "is_external": True}
    )
    documents = [
        Document(
            number=f"B-{n:06d}",
            title=f"Tài liệu {n}",
            doc_type=external if n % 50 == 0 else internal,
            department=departments[n % len(departments)],
            owner=officer,
            created_by=officer,
        )
        for n in range(start, start + count)
    ]
    Document.objects.bulk_create(documents, batch_size=5000)
    ids = Document.objects.filter(number__gte=f"B-{start:06d}").values_list("pk", flat=True)
    DocumentVersion.objects.bulk_create(
        (
            DocumentVersion(
                document_id=pk,
                revision=(revision := 1 + rng.randrange(3)),
                change_summary="Sửa đổi" if revision > 1 else "",
                status="effective",
                effective_date=_day(rng),
                author=officer,
                body="…",
            )
            for pk in ids.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )


def _nonconformities(rng, count, *, officer, users, departments):
    from nonconformities.models import CorrectiveAction, Feedback, Nonconformity

    first = Nonconformity.objects.count()
    Nonconformity.objects.bulk_create(
        (
            Nonconformity(
                number=f"NC-B-{first + n:06d}",
                title="Hồ sơ trả chậm",
                source=rng.choice(["audit_finding", "feedback", "process_monitoring", "supplier", "other"]),
                department=rng.choice(departments),
                description="…",
                date_detected=_day(rng),
                severity=rng.choice(["major", "minor", "minor", "minor"]),
                iso_clause=rng.choice(["7.5.3", "8.5.1", "8.2.1", "9.1.2", "10.2"]),
                reporter=officer,
                status=rng.choice(["open", "implementing"]),
            )
            for n in range(count)
        ),
        batch_size=5000,
    )
    new = Nonconformity.objects.filter(number__gte=f"NC-B-{first:06d}").values_list("pk", "date_detected")
    CorrectiveAction.objects.bulk_create(
        (
            CorrectiveAction(
                nonconformity_id=pk,
                description="Hành động",
                owner=rng.choice(users),
                due_date=detected + datetime.timedelta(days=30),
                status=rng.choice(["open", "done", "done"]),
                created_by=officer,
            )
            for pk, detected in new.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )
    # Half of them closed, after their actions (a closed record takes no new part).
    Nonconformity.objects.filter(number__gte=f"NC-B-{first:06d}", number__regex=r"[02468]$").update(
        status="closed", closed_at=datetime.datetime(YEAR, 12, 1, tzinfo=datetime.UTC)
    )
    received = Feedback.objects.count()
    Feedback.objects.bulk_create(
        (
            Feedback(
                reference=f"PA-B-{received + n:06d}",
                subject="Phản ánh",
                message="…",
                submitted_at=datetime.datetime.combine(_day(rng), datetime.time(9), tzinfo=datetime.UTC),
                status=rng.choice(["received", "answered", "answered"]),
            )
            for n in range(count * FEEDBACK // SIZES["nonconformities"])
        ),
        batch_size=5000,
    )


def _audits(rng, count, *, officer, departments):
    from audits.models import Audit, Clause, Finding

    clauses = list(Clause.objects.all())
    first = Audit.objects.count()
    Audit.objects.bulk_create(
        (
            Audit(
                reference=f"IA-B-{first + n:05d}",
                title="Đánh giá nội bộ",
                planned_start=(day := _day(rng)),
                planned_end=day,
                lead_auditor=officer,
                status=rng.choice(["planned", "reported", "closed"]),
                created_by=officer,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    audits = list(Audit.objects.filter(reference__gte=f"IA-B-{first:05d}").values_list("pk", flat=True))
    through = Audit.clauses.through
    through.objects.bulk_create(
        (through(audit_id=pk, clause_id=c.pk) for pk in audits for c in rng.sample(clauses, 2)),
        batch_size=5000,
    )
    Finding.objects.bulk_create(
        (
            Finding(
                audit_id=pk,
                sequence=s,
                category=rng.choice(["major_nc", "minor_nc", "observation", "ofi"]),
                clause=rng.choice(clauses),
                department=rng.choice(departments),
                statement="…",
                evidence="…",
                created_by=officer,
            )
            for pk in audits
            for s in range(1, 4)
        ),
        batch_size=5000,
    )


def _risks_and_objectives(rng, risks, objectives, *, officer, departments):
    from objectives.models import Measurement, Objective
    from risks.models import Risk, TreatmentAction

    first = Risk.objects.count()
    Risk.objects.bulk_create(
        Risk(
            number=f"R-B-{first + n:04d}",
            title=f"Rủi ro {n}",
            department=rng.choice(departments),
            description="…",
            likelihood=(lk := rng.randint(1, 5)),
            impact=(im := rng.randint(1, 5)),
            rating=lk * im,
            owner=officer,
            created_by=officer,
        )
        for n in range(risks)
    )
    new = Risk.objects.filter(number__gte=f"R-B-{first:04d}").values_list("pk", flat=True)
    TreatmentAction.objects.bulk_create(
        TreatmentAction(
            risk_id=pk, description="Biện pháp", owner=officer, due_date=_day(rng), created_by=officer
        )
        for pk in new
    )
    Objective.objects.bulk_create(
        Objective(
            year=YEAR,
            department=rng.choice(departments),
            statement="Mục tiêu",
            indicator_name="Tỷ lệ hồ sơ đúng hạn",
            unit="%",
            direction="up",
            target=95,
            threshold=90,
            frequency="monthly",
            owner=officer,
            created_by=officer,
        )
        for _n in range(objectives)
    )
    done = set(Measurement.objects.values_list("objective_id", flat=True).distinct())
    Measurement.objects.bulk_create(
        (
            Measurement(
                objective_id=pk,
                period_start=datetime.date(YEAR, month, 1),
                period_end=datetime.date(YEAR, month, 28),
                value=rng.randint(80, 100),
                recorded_by=officer,
            )
            for pk in Objective.objects.exclude(pk__in=done).values_list("pk", flat=True)
            for month in range(1, 13)
        ),
        batch_size=5000,
    )


def seed(rng, people, fraction: float):
    officer, _chair, users, departments = people
    started = time.perf_counter()
    done = seed.done  # what the earlier step loaded
    want = {key: int(size * fraction) for key, size in SIZES.items()}
    _documents(
        rng,
        done["documents"],
        want["documents"] - done["documents"],
        officer=officer,
        departments=departments,
    )
    _nonconformities(
        rng,
        want["nonconformities"] - done["nonconformities"],
        officer=officer,
        users=users,
        departments=departments,
    )
    _audits(rng, want["audits"] - done["audits"], officer=officer, departments=departments)
    _risks_and_objectives(
        rng,
        want["risks"] - done["risks"],
        want["objectives"] - done["objectives"],
        officer=officer,
        departments=departments,
    )
    seed.done = want
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give a live database
        cursor.execute("ANALYZE")
    print(f"seeded {want} in {harness.elapsed(started)}")


seed.done = dict.fromkeys(SIZES, 0)


def measure(people, label):
    from audits.models import Audit
    from documents.models import DocumentVersion
    from management_reviews import services
    from nonconformities.models import Feedback, Nonconformity
    from objectives.models import Measurement
    from risks.models import Risk

    officer, chair = people[0], people[1]
    review = services.review_plan(
        actor=officer,
        title=f"Bench {label}",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        meeting_date=datetime.date(YEAR + 1, 1, 15),
        chair=chair,
    )

    def baseline():
        year = {"gte": datetime.date(YEAR, 1, 1), "lte": datetime.date(YEAR, 12, 31)}
        return [
            DocumentVersion.objects.filter(
                effective_date__gte=year["gte"], effective_date__lte=year["lte"]
            ).count(),
            Nonconformity.objects.filter(
                date_detected__gte=year["gte"], date_detected__lte=year["lte"]
            ).count(),
            Audit.objects.filter(planned_start__gte=year["gte"], planned_start__lte=year["lte"]).count(),
            Feedback.objects.filter(submitted_at__year=YEAR).count(),
            Risk.objects.count(),
            Measurement.objects.filter(period_end__year=YEAR).count(),
        ]

    harness.measure(
        f"prepare a review of {YEAR} ({label})",
        lambda: services.review_prepare(actor=officer, review=review),
        baseline=baseline,
        memory="same",
        describe=lambda r: f"{r.sections.count()} sections",
    )


def warm_up(people):
    """One review prepared on the empty database first: imports, catalogues and the
    permission caches are loaded before anything is measured."""
    from management_reviews import services

    officer, chair = people[0], people[1]
    review = services.review_plan(
        actor=officer,
        title="Warm-up",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        meeting_date=datetime.date(YEAR + 1, 1, 15),
        chair=chair,
    )
    services.review_prepare(actor=officer, review=review)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (default 1)")
    args = parser.parse_args()
    for key in SIZES:
        SIZES[key] = max(10, int(SIZES[key] * args.scale))
    harness.django_start(database="qms_bench_mr")
    rng = random.Random(14)
    people = _people()
    warm_up(people)
    seed(rng, people, 0.1)
    measure(people, "a tenth of the records")
    seed(rng, people, 1.0)
    measure(people, "all the records")


if __name__ == "__main__":
    main()
