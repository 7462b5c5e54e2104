"""Import and export at the size of a real register (issue 17).

    .venv/bin/python benchmarks/import.py                         # 10,000 documents x 3 revisions
    .venv/bin/python benchmarks/import.py --documents 2000        # a smaller run first
    .venv/bin/python benchmarks/import.py --documents 200 --profile --keep-database --tag B

Drops and recreates the PostgreSQL database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_import), generates a ZIP of N documents x R
revisions (DOCX and PDF made once by python-docx / WeasyPrint, and one .doc per 100
documents made by LibreOffice when it is installed, written under generated names;
identical bytes do not change the work: every file is read, checked and hashed), then
prints rows/s for the dry run and the import, the export's time and size, and the peak
resident memory of the process (ru_maxrss: the ZIP is streamed, never loaded).

Baselines beside the figures: reading + SHA-256 of every member (the least a dry run
must do) and one plain INSERT per version row through the ORM (the least an import must
write). Conversions and text extraction are queued for the worker, as in production (an
in-memory broker here); the benchmark times a few of each in this process and prints the
per-file cost instead.
"""

import argparse
import contextlib
import hashlib
import multiprocessing
import resource
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import harness


def peak_mb() -> float:
    """Peak resident memory of this process since the last ``peak_reset`` (Linux VmHWM),
    else since it started (ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_reset() -> None:
    """Start a new peak: each stage's figure is its own, not the generation's or an
    earlier stage's (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def legacy_doc(work: Path) -> bytes | None:
    """A .doc made by LibreOffice from a DOCX, or None when LibreOffice is absent."""
    from documents.samples import sample_docx

    binary = shutil.which("soffice")
    if binary is None:
        return None
    (work / "legacy.docx").write_bytes(sample_docx("Quy trình cũ (.doc)"))
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "doc"]
        + ["--outdir", str(work), str(work / "legacy.docx")],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (work / "legacy.doc").read_bytes()


def generate(work: Path, source: Path, departments: list[str], documents: int, revisions: int) -> None:
    """The register as a ZIP: DOCX and PDF revisions made once (python-docx, WeasyPrint),
    one .doc per 100 documents when LibreOffice is installed."""
    from documents.samples import sample_docx, sample_pdf

    docx, pdf, doc = sample_docx("Quy trình"), sample_pdf("Biểu mẫu"), legacy_doc(work)
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(documents):
            dept = departments[n % len(departments)]
            for rev in range(1, revisions + 1):
                ext, data = ("docx", docx) if rev % 2 else ("pdf", pdf)
                if doc is not None and rev == 1 and n % 100 == 0:
                    ext, data = "doc", doc
                archive.writestr(f"{dept}/QT-{dept}-{n + 1:05d}_rev{rev:02d}.{ext}", data)


def main():  # noqa: C901, PLR0915 (one measurement after another)
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--revisions", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the import's top functions (cProfile)")
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="reuse the migrated database (give a new --tag: numbers must not exist yet)",
    )
    parser.add_argument("--tag", default="P", help="department code prefix of this run's documents")
    parser.add_argument("--dry-run-only", action="store_true", help="stop after the dry run")
    args = parser.parse_args()
    harness.django_start(database="qms_bench_import", fresh=not args.keep_database)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from documents.models import Document, DocumentType, DocumentVersion
    from organisation.models import Department
    from organisation.roles import Role
    from qms.celery import app
    from transfer.conversion import convert_imported
    from transfer.export import export_to_file
    from transfer.models import ImportedVersion
    from transfer.planning import summary
    from transfer.services import batch_plan, batch_run, batch_summary

    # tasks go to a broker (in memory: nobody consumes them), as they would to Redis
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False

    officer, _created = get_user_model().objects.get_or_create(
        username="bench-officer", defaults={"is_superuser": True}
    )
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    DocumentType.objects.get_or_create(code="QT", defaults={"name": "Quy trình"})
    departments = [
        Department.objects.get_or_create(code=f"{args.tag}{n}", defaults={"name": f"Phòng {args.tag}{n}"})[0]
        for n in range(10)
    ]
    work = Path(tempfile.mkdtemp(prefix="qms-bench-import-"))
    source = work / "register.zip"
    started = time.perf_counter()
    # made in a child process: WeasyPrint's and the ZIP writer's memory is not this process's
    # (the stages below are measured here)
    child = multiprocessing.get_context("fork").Process(
        target=generate, args=(work, source, [d.code for d in departments], args.documents, args.revisions)
    )
    child.start()
    child.join()
    if child.exitcode:
        raise SystemExit(f"generating the files failed (exit code {child.exitcode})")
    legacy = sum(1 for name in zipfile.ZipFile(source).namelist() if name.endswith(".doc"))
    files = args.documents * args.revisions
    print(
        f"generated {files} files ({legacy} .doc; {source.stat().st_size / 1048576:.0f} MB ZIP) "
        f"in {harness.elapsed(started)}; this process: {peak_mb():.0f} MB before the dry run"
    )

    started = time.perf_counter()
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            with archive.open(info) as member:
                hashlib.file_digest(member, "sha256")
    bare_read = time.perf_counter() - started

    peak_reset()
    started = time.perf_counter()
    batch = batch_plan(actor=officer, source=source)
    seconds = time.perf_counter() - started
    rows = batch.total
    print(
        f"dry run: {rows} rows in {seconds:.1f} s = {rows / seconds:.0f} rows/s {summary(batch)}; "
        f"baseline read + SHA-256 of every member {bare_read:.1f} s (x{seconds / bare_read:.1f}); "
        f"peak {peak_mb():.0f} MB"
    )
    if args.dry_run_only:
        return

    peak_reset()
    counter = _Counter()
    started = time.perf_counter()
    wrapper = connection.execute_wrapper(counter)
    wrapper.__enter__()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    batch_run(batch, actor=officer, chunk=200)
    seconds = time.perf_counter() - started
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    wrapper.__exit__(None, None, None)
    queries = counter.count
    print(
        f"import: {rows} rows in {seconds:.1f} s = {rows / seconds:.1f} rows/s {batch_summary(batch)}; "
        f"{queries / rows:.1f} queries/row; peak {peak_mb():.0f} MB"
    )
    ours = Document.objects.filter(department__in=departments)
    print(
        f"database: {ours.count()} documents, {DocumentVersion.objects.filter(document__in=ours).count()} versions"
    )

    # baseline: the same number of bare version rows, one INSERT each, in chunks of 200
    sample = min(rows, 2000)
    template = DocumentVersion.objects.filter(document__in=ours).first()
    started = time.perf_counter()
    with transaction.atomic():
        holder = Document.objects.create(
            number=f"BENCH-{args.tag}-BASE",
            title="baseline",
            doc_type=template.document.doc_type,
            department=departments[0],
            owner=officer,
            created_by=officer,
        )
        for n in range(sample):
            DocumentVersion.objects.bulk_create(
                [
                    DocumentVersion(
                        document=holder, revision=n + 1, author=officer, status="draft", change_summary="x"
                    )
                ]
            )
        transaction.set_rollback(True)
    bare_insert = (time.perf_counter() - started) / sample * rows
    print(
        f"baseline: {rows} plain version INSERTs would take {bare_insert:.1f} s "
        f"(import x{seconds / bare_insert:.1f})"
    )

    markers = ImportedVersion.objects.filter(batch=batch, conversion="pending").select_related(
        "version", "imported_by"
    )[:3]
    if markers:
        started = time.perf_counter()
        for marker in markers:
            convert_imported(marker)
        print(
            f"LibreOffice conversion (worker): {(time.perf_counter() - started) / len(markers):.1f} s per .doc "
            f"({legacy} queued in this import)"
        )
    from search.services import version_text_extract

    versions = list(DocumentVersion.objects.filter(document__in=ours).values_list("pk", flat=True)[:100])
    started = time.perf_counter()
    for version_id in versions:
        version_text_extract(version_id=version_id)
    per_file = (time.perf_counter() - started) / len(versions)
    print(
        f"text extraction (worker): {per_file * 1000:.0f} ms per file, {rows * per_file / 60:.0f} min for all"
    )

    started = time.perf_counter()
    size = export_to_file(work / "export.zip", ours)
    seconds = time.perf_counter() - started
    print(
        f"export: {rows} versions, {size / 1048576:.0f} MB in {seconds:.1f} s = {rows / seconds:.0f} versions/s; "
        f"peak {peak_mb():.0f} MB"
    )
    shutil.rmtree(work, ignore_errors=True)


class _Counter:
    """Counts the queries sent (without keeping them: the run's memory stays ours)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
