"""Approvals at the size of a large organisation: "My tasks", publishing to many readers,
the completion report.

    .venv/bin/python benchmarks/approvals.py                      # PostgreSQL, database qms_bench_approvals
    .venv/bin/python benchmarks/approvals.py --in-review 400 --readers 2000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_approvals), migrates it, then prints time
and SQL queries beside a bare baseline (benchmarks/harness.py) for:
  - signing_tasks_for(approver) with N versions in review, each with a two-stage route
    where the approver is in the second stage of half of them (active for those);
  - making one version effective for a document distributed to R readers (creates R
    read-and-understood tasks and R inbox notifications, in the publishing transaction);
  - the per-department completion of that version and the outstanding CSV rows.
"""

import argparse
import time
from types import SimpleNamespace

import harness

PASSWORD = "bench-pass-42"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-review", type=int, default=200)
    parser.add_argument("--readers", type=int, default=1000)
    args = parser.parse_args()
    harness.django_start(database="qms_bench_approvals")
    from approvals import selectors
    from approvals.models import Acknowledgement
    from documents.models import DocumentVersion

    cast = people()
    started = time.perf_counter()
    seed_in_review(cast, args.in_review)
    print(f"seeded {args.in_review} versions in review in {harness.elapsed(started)}")
    tasks = harness.measure(
        f"signing_tasks_for(approver), {args.in_review} in review",
        lambda: selectors.signing_tasks_for(cast.approver),
        # bare: the versions in review naming the approver on a stage, no progress worked out
        baseline=lambda: list(
            DocumentVersion.objects.filter(status="in_review", route__stages__users=cast.approver).distinct()
        ),
    )
    print(f"  -> {len(tasks)} tasks (active stage only)")

    version = publish(cast, f"last signature -> effective, {args.readers} readers' tasks", args.readers)
    print(f"  -> {Acknowledgement.objects.filter(version=version).count()} tasks")
    # The same without e-mail addresses: what the publishing transaction itself costs
    # (with REDIS_URL set, the e-mails above run in the Celery worker, not in the request).
    publish(cast, "same, readers without e-mail (the transaction alone)", args.readers, email=False)
    harness.measure(
        "completion per department",
        lambda: selectors.acknowledgement_completion(version),
        baseline=lambda: list(Acknowledgement.objects.filter(version=version).values("department", "status")),
    )
    harness.measure(
        "outstanding rows for the CSV",
        lambda: list(selectors.acknowledgements_of(version, outstanding_only=True)),
        baseline=lambda: list(Acknowledgement.objects.filter(version=version, status="open")),
    )


def people() -> SimpleNamespace:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from documents.models import DocumentType
    from organisation.models import Department
    from organisation.roles import Role

    User = get_user_model()
    officer = User.objects.create_user("officer", password=PASSWORD)
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    approver = User.objects.create_user("approver", password=PASSWORD)
    reviewer = User.objects.create_user("reviewer", password=PASSWORD)
    for user in (approver, reviewer):
        user.groups.add(Group.objects.get(name=Role.APPROVER))
    department = Department.objects.create(code="VP", name="Văn phòng")
    department.group.user_set.add(officer)
    doc_type = DocumentType.objects.create(code="QT", name="Quy trình")
    return SimpleNamespace(
        officer=officer, approver=approver, reviewer=reviewer, department=department, doc_type=doc_type
    )


def register(cast, title, distribution):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services
    from documents.samples import sample_pdf

    document = services.document_register(
        actor=cast.officer,
        doc_type=cast.doc_type,
        department=cast.department,
        title=title,
        file=SimpleUploadedFile("quy-trinh.pdf", sample_pdf("Quy trinh")),
        distribution=distribution,
    )
    return document.versions.get()


def seed_in_review(cast, count: int) -> None:
    """``count`` versions in review on a two-stage route (reviewer, then approver); the
    reviewer has signed every other one, so the approver's stage is active on those."""
    from approvals import services
    from approvals.models import ApprovalRoute, Meaning, RouteStage
    from documents import services as document_services

    for number in range(count):
        version = register(cast, f"Quy trình {number}", [cast.department])  # submitted only with a reader
        route = ApprovalRoute.objects.get(version=version)
        route.stages.all().delete()
        first = RouteStage.objects.create(route=route, position=1, name="Review", meaning=Meaning.REVIEWED)
        first.users.set([cast.reviewer])
        second = RouteStage.objects.create(route=route, position=2, name="Approve")
        second.users.set([cast.approver])
        document_services.version_submit(actor=cast.officer, version=version)
        if number % 2 == 0:
            services.version_sign(actor=cast.reviewer, version=version, decision="approve", password=PASSWORD)


def publish(cast, label: str, count: int, *, email: bool = True):
    """Measure the last signature of a version distributed to a new department of
    ``count`` readers (with or without e-mail addresses); return the version."""
    from django.contrib.auth import get_user_model

    from approvals import services
    from documents import services as document_services
    from organisation.models import Department

    User = get_user_model()
    prefix = "reader" if email else "quiet"
    readers_department = Department.objects.create(code=prefix.upper(), name=f"Phòng {prefix}")
    readers = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org" if email else "") for n in range(count)
    )
    readers_department.group.user_set.add(*readers)
    version = register(cast, f"Quy trình phân phối {prefix}", [readers_department])
    document_services.version_submit(actor=cast.officer, version=version)
    harness.measure(
        label,
        lambda: services.version_sign(
            actor=cast.approver, version=version, decision="approve", password=PASSWORD
        ),
        baseline=bare_tasks(version, readers),
    )
    return version


def bare_tasks(version, readers):
    """Bare publishing: the readers' task rows and inbox rows inserted in bulk, and undone."""
    from approvals.models import Acknowledgement
    from notifications.models import Notification

    def insert():
        Acknowledgement.objects.bulk_create(Acknowledgement(version=version, user=user) for user in readers)
        Notification.objects.bulk_create(
            Notification(recipient=user, subject="Đọc và hiểu", message="-") for user in readers
        )

    return harness.rolled_back(insert)


if __name__ == "__main__":
    main()
