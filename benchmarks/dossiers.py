"""Dossier import and the on-time dashboard at the size of a province's year.

    .venv/bin/python benchmarks/dossiers.py                      # 1,000,000 events, PostgreSQL qms_bench_dossiers
    .venv/bin/python benchmarks/dossiers.py --events 100000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_dossiers), migrates it, makes 20 procedures
of 4 steps in 10 departments, writes a one-stop export CSV of ``--events`` rows (one
dossier row and four step rows per dossier, a supplementation request for one dossier in
twenty: about events / 5 dossiers over a year), then prints, beside a bare baseline
(benchmarks/harness.py):

- the import through the officers' service (streamed, checked row by row, batched bulk
  upserts), with the process's peak resident memory (ru_maxrss; the goal is < 300 MB)
  and time (goal < 60 s); the baseline reads the same file with csv and COPYs its rows
  into a temporary table (the least PostgreSQL must do to take them in);
- the same file imported again (idempotent: the same rows afterwards);
- the first import again into empty tables with the batches written inline (no writer
  thread), with the CPU time of its PostgreSQL backend: Python's CPU plus PostgreSQL's is
  what an import costs when one waits for the other; with the writer thread (the first
  line) the database works on one batch while Python reads the next. The query counts
  of the first lines are the caller's connection only (the writer thread has its own);
- the on-time dashboard page for the year as an officer (goal < 300 ms, a constant number
  of queries), beside one aggregate count of the same dossiers.

Each import line ends with the load average (1 and 5 minutes): on a 2-core machine another
process's work shows in the wall times, and only there.
"""

import argparse
import csv
import datetime
import os
import random
import resource
import tempfile
import time

import harness


def seed():
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from organisation.models import Department
    from organisation.roles import Role
    from organisation.selectors import role_group
    from procedures.models import AdministrativeProcedure, ProcedureField, ProcedureStep

    field = ProcedureField.objects.create(code="BENCH", name="Bench")
    departments = [Department.objects.create(code=f"D{n:02d}", name=f"Phòng {n}") for n in range(10)]
    procedures = []
    for n in range(20):
        procedure = AdministrativeProcedure.objects.create(
            code=f"1.{n:06d}",
            name=f"Thủ tục {n}",
            field=field,
            implementing_body="Sở",
            department=departments[n % 10],
            processing_time=Decimal(5 + n % 10),
            result="Kết quả",
        )
        ProcedureStep.objects.bulk_create(
            ProcedureStep(
                procedure=procedure,
                order=i + 1,
                name=f"Bước {i + 1}",
                department=departments[(n + i) % 10],
                time_limit=Decimal(limit),
            )
            for i, limit in enumerate(["0.5", "3", "1", "0.5"])
        )
        procedures.append(procedure)
    officer = get_user_model().objects.create_user("bench-officer", password="x")
    officer.groups.add(role_group(Role.OFFICER))
    return officer, procedures


def write_export(path, *, events: int, procedures) -> int:
    """One dossier row and four step rows per dossier; a supplementation for one in 20."""
    rng = random.Random(15)
    start = datetime.datetime(2026, 1, 2, 8, 0)
    dossiers = events // 5
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "dossier_code",
                "procedure_code",
                "applicant_name",
                "channel",
                "received_at",
                "returned_at",
                "event",
                "step",
                "department",
                "started_at",
                "finished_at",
                "note",
            ]
        )
        for n in range(dossiers):
            procedure = procedures[n % len(procedures)]
            received = start + datetime.timedelta(minutes=int(n * 525600 * 0.95 / dossiers))
            received = received.replace(hour=8 + n % 8)
            moment, steps = received, []
            for i in range(4):
                finish = moment + datetime.timedelta(hours=rng.choice([2, 5, 20, 30, 70, 100]))
                steps.append((f"Bước {i + 1}", procedure.department.code, moment, finish))
                moment = finish
            out.writerow(
                [
                    f"HS{n:07d}",
                    procedure.code,
                    "Nguyễn Văn A",
                    "counter",
                    received.isoformat(sep=" ", timespec="minutes"),
                    moment.isoformat(sep=" ", timespec="minutes"),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
            written += 1
            for step, department, begun, done in steps:
                if written >= events:
                    break
                out.writerow(
                    [
                        f"HS{n:07d}",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "step",
                        step,
                        department,
                        begun.isoformat(sep=" ", timespec="minutes"),
                        done.isoformat(sep=" ", timespec="minutes"),
                        "",
                    ]
                )
                written += 1
            if n % 20 == 0 and written < events:
                paused = received + datetime.timedelta(hours=3)
                out.writerow(
                    [
                        f"HS{n:07d}",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "supplement",
                        "",
                        "",
                        paused.isoformat(sep=" ", timespec="minutes"),
                        (paused + datetime.timedelta(days=2)).isoformat(sep=" ", timespec="minutes"),
                        "Bổ sung",
                    ]
                )
                written += 1
            if written >= events:
                break
    return written


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> str:
    """The machine's load average over 1 and 5 minutes: on 2 cores, a second benchmark
    running beside this one shows here, and in every wall time."""
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def import_file(officer, path):
    from django.core.files import File

    from dossiers.services import dossier_import_file

    with open(path, "rb") as handle:
        return dossier_import_file(actor=officer, uploaded=File(handle, name="export.csv"))


def bare_copy(path):
    """csv read + COPY into a temporary table, rolled back: PostgreSQL's floor."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_rows (c text, p text, a text, ch text, r text, ret text, e text, s text, d text, st text, f text, n text) ON COMMIT DROP"
            )
            with (
                open(path, newline="", encoding="utf-8") as handle,
                cursor.copy("COPY bench_rows FROM STDIN") as copy,
            ):
                reader = csv.reader(handle)
                next(reader)
                for row in reader:
                    copy.write_row(row)
        transaction.set_rollback(True)


def backend_cpu_seconds() -> float | None:
    """CPU time so far of this connection's PostgreSQL backend (a server on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def import_inline(officer, path):
    """The import into empty tables with every batch written on the caller's connection."""
    from django.db import connection

    from dossiers import importer

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE dossiers_dossierstep, dossiers_supplementation, dossiers_dossier, "
            "dossiers_dossiermonthfigure, dossiers_stepmonthfigure CASCADE"
        )
    overlap, importer._overlap = importer._overlap, lambda: False
    try:
        before = backend_cpu_seconds()
        record, figures = harness.run(lambda: import_file(officer, path))
        after = backend_cpu_seconds()
    finally:
        importer._overlap = overlap
    return record, figures, None if before is None else after - before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    harness.django_start(database="qms_bench_dossiers")
    from django.test import Client
    from django.urls import reverse

    from dossiers.models import Dossier, DossierStep, Supplementation

    officer, procedures = seed()
    path = os.path.join(tempfile.mkdtemp(prefix="qms-bench-"), "export.csv")
    started = time.perf_counter()
    events = write_export(path, events=args.events, procedures=procedures)
    print(
        f"export of {events} events ({os.path.getsize(path) / 1048576:.0f} MiB) written in {harness.elapsed(started)}"
    )
    _bare, bare = harness.run(lambda: bare_copy(path), count_queries=False)
    before = rss_mib()
    record, figures = harness.run(lambda: import_file(officer, path))
    harness.report(
        f"import {events} events",
        figures,
        bare,
        f"peak RSS {rss_mib():.0f} MiB (was {before:.0f}); {record.dossiers_touched} dossiers, "
        f"{len(record.errors)} refused; {load()}",
    )
    counts = (Dossier.objects.count(), DossierStep.objects.count(), Supplementation.objects.count())
    record, figures = harness.run(lambda: import_file(officer, path))
    same = counts == (Dossier.objects.count(), DossierStep.objects.count(), Supplementation.objects.count())
    harness.report(
        f"the same file again ({'same rows' if same else 'ROWS CHANGED'})",
        figures,
        bare,
        f"peak RSS {rss_mib():.0f} MiB; {load()}",
    )
    client = Client()
    client.force_login(officer)
    url = reverse("dossiers:dashboard") + "?start=2026-01-01&end=2026-12-31"
    client.get(url)  # warm: templates, translations

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    harness.measure(
        f"on-time dashboard, {counts[0]} dossiers {counts[1]} steps",
        page,
        baseline=lambda: Dossier.objects.filter(returned_at__year=2026).count(),
    )
    harness.measure(
        "on-time dashboard again (warm)",
        page,
        baseline=lambda: Dossier.objects.filter(returned_at__year=2026).count(),
    )
    record, figures, database_cpu = import_inline(officer, path)
    harness.report(
        "import again, batches written inline (no writer thread)",
        figures,
        bare,
        "PostgreSQL backend "
        + ("n/a" if database_cpu is None else f"{database_cpu:.1f} s CPU")
        + f"; {record.dossiers_touched} dossiers; {load()}",
    )
    os.remove(path)


if __name__ == "__main__":
    main()
