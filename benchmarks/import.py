"""Import and export at the size of a real register (issue 17).

    .venv/bin/python benchmarks/import.py                         # 10,000 documents x 3 revisions
    .venv/bin/python benchmarks/import.py --documents 300         # a smaller run first

Drops and recreates the PostgreSQL database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_import), generates a ZIP of N documents x R
revisions (DOCX and PDF made once by python-docx / WeasyPrint, written under generated
names; identical bytes do not change the work: every file is read, checked and hashed),
then prints rows/s for the dry run and the import, the export's time and size, and the
peak resident memory of the process (ru_maxrss: the ZIP is streamed, never loaded).
"""

import argparse
import resource
import tempfile
import time
import zipfile
from pathlib import Path

import harness


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--revisions", type=int, default=3)
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="reuse the migrated database (must be empty of QT documents)",
    )
    args = parser.parse_args()
    harness.django_start(database="qms_bench_import", fresh=not args.keep_database)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from documents.models import Document, DocumentType, DocumentVersion
    from documents.samples import sample_docx, sample_pdf
    from organisation.models import Department
    from organisation.roles import Role
    from transfer.export import export_to_file
    from transfer.planning import summary
    from transfer.services import batch_plan, batch_run, batch_summary

    officer, _created = get_user_model().objects.get_or_create(
        username="bench-officer", defaults={"is_superuser": True}
    )
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    DocumentType.objects.get_or_create(code="QT", defaults={"name": "Quy trình"})
    departments = [
        Department.objects.get_or_create(code=f"P{n}", defaults={"name": f"Phòng {n}"})[0] for n in range(10)
    ]
    docx, pdf = sample_docx("Quy trình"), sample_pdf("Biểu mẫu")
    work = Path(tempfile.mkdtemp(prefix="qms-bench-import-"))
    source = work / "register.zip"
    started = time.perf_counter()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(args.documents):
            dept = departments[n % len(departments)].code
            for rev in range(1, args.revisions + 1):
                ext, data = ("docx", docx) if rev % 2 else ("pdf", pdf)
                archive.writestr(f"{dept}/QT-{dept}-{n + 1:05d}_rev{rev:02d}.{ext}", data)
    files = args.documents * args.revisions
    print(
        f"generated {files} files ({source.stat().st_size / 1048576:.0f} MB ZIP) in {harness.elapsed(started)}"
    )

    started = time.perf_counter()
    batch = batch_plan(actor=officer, source=source)
    seconds = time.perf_counter() - started
    print(
        f"dry run: {len(batch.plan)} rows in {seconds:.1f} s = {len(batch.plan) / seconds:.0f} rows/s {summary(batch.plan)}; peak {peak_mb():.0f} MB"
    )

    started = time.perf_counter()
    batch_run(batch, actor=officer, chunk=200)
    seconds = time.perf_counter() - started
    print(
        f"import: {len(batch.plan)} rows in {seconds:.1f} s = {len(batch.plan) / seconds:.0f} rows/s {batch_summary(batch)}; peak {peak_mb():.0f} MB"
    )
    print(f"database: {Document.objects.count()} documents, {DocumentVersion.objects.count()} versions")

    started = time.perf_counter()
    size = export_to_file(work / "export.zip")
    print(f"export: {size / 1048576:.0f} MB in {harness.elapsed(started)}; peak {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
