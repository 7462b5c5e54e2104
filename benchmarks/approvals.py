"""Approvals at the size of a large organisation: "My tasks", publishing to many readers,
the completion report.

    .venv/bin/python benchmarks/approvals.py                      # PostgreSQL, database qms_bench_approvals
    .venv/bin/python benchmarks/approvals.py --in-review 400 --readers 2000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_approvals), migrates it, then prints wall
time and SQL queries for:
  - signing_tasks_for(approver) with N versions in review, each with a two-stage route
    where the approver is in the second stage of half of them (active for those);
  - making one version effective for a document distributed to R readers (creates R
    read-and-understood tasks and R inbox notifications, in the publishing transaction);
  - the per-department completion of that version and the outstanding CSV rows.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qms_bench_approvals"


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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    elapsed = time.perf_counter() - started
    print(f"{label:<58} {elapsed:8.3f} s {len(queries):6d} queries")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-review", type=int, default=200)
    parser.add_argument("--readers", type=int, default=1000)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    from approvals import selectors, services
    from approvals.models import Acknowledgement, ApprovalRoute, Meaning, RouteStage
    from documents import services as document_services
    from documents.models import DocumentType
    from documents.samples import sample_pdf
    from organisation.models import Department
    from organisation.roles import Role

    User = get_user_model()
    officer = User.objects.create_user("officer", password="bench-pass-42")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    approver = User.objects.create_user("approver", password="bench-pass-42")
    reviewer = User.objects.create_user("reviewer", password="bench-pass-42")
    for user in (approver, reviewer):
        user.groups.add(Group.objects.get(name=Role.APPROVER))
    department = Department.objects.create(code="VP", name="Văn phòng")
    doc_type = DocumentType.objects.create(code="QT", name="Quy trình")

    def upload():
        return SimpleUploadedFile("quy-trinh.pdf", sample_pdf("Quy trinh"))

    started = time.perf_counter()
    for number in range(args.in_review):
        document = document_services.document_register(
            actor=officer,
            doc_type=doc_type,
            department=department,
            title=f"Quy trình {number}",
            file=upload(),
        )
        version = document.versions.get()
        route = ApprovalRoute.objects.get(version=version)
        route.stages.all().delete()
        first = RouteStage.objects.create(route=route, position=1, name="Review", meaning=Meaning.REVIEWED)
        first.users.set([reviewer])
        second = RouteStage.objects.create(route=route, position=2, name="Approve")
        second.users.set([approver])
        document_services.version_submit(actor=officer, version=version)
        if number % 2 == 0:
            services.version_sign(
                actor=reviewer, version=version, decision="approve", password="bench-pass-42"
            )
    print(f"seeded {args.in_review} versions in review in {time.perf_counter() - started:.1f} s")

    tasks = measure(
        f"signing_tasks_for(approver), {args.in_review} in review",
        lambda: selectors.signing_tasks_for(approver),
    )
    print(f"  -> {len(tasks)} tasks (active stage only)")

    readers_department = Department.objects.create(code="KT", name="Kế toán")
    readers = User.objects.bulk_create(
        User(username=f"reader{n}", email=f"r{n}@example.org") for n in range(args.readers)
    )
    readers_department.group.user_set.add(*readers)
    document = document_services.document_register(
        actor=officer,
        doc_type=doc_type,
        department=department,
        title="Quy trình phân phối",
        file=upload(),
        distribution=[readers_department],
    )
    version = document.versions.get()
    document_services.version_submit(actor=officer, version=version)
    measure(
        f"last signature -> effective, {args.readers} readers' tasks",
        lambda: services.version_sign(
            actor=approver, version=version, decision="approve", password="bench-pass-42"
        ),
    )
    print(f"  -> {Acknowledgement.objects.filter(version=version).count()} tasks")
    # The same without e-mail addresses: what the publishing transaction itself costs
    # (with REDIS_URL set, the e-mails above run in the Celery worker, not in the request).
    quiet = Department.objects.create(code="TC", name="Tổ chức")
    quiet_readers = User.objects.bulk_create(User(username=f"quiet{n}") for n in range(args.readers))
    quiet.group.user_set.add(*quiet_readers)
    other = document_services.document_register(
        actor=officer,
        doc_type=doc_type,
        department=department,
        title="Không e-mail",
        file=upload(),
        distribution=[quiet],
    )
    other_version = other.versions.get()
    document_services.version_submit(actor=officer, version=other_version)
    measure(
        "same, readers without e-mail (the transaction alone)",
        lambda: services.version_sign(
            actor=approver, version=other_version, decision="approve", password="bench-pass-42"
        ),
    )
    measure("completion per department", lambda: selectors.acknowledgement_completion(version))
    measure(
        "outstanding rows for the CSV",
        lambda: list(selectors.acknowledgements_of(version, outstanding_only=True)),
    )


if __name__ == "__main__":
    main()
