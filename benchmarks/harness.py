"""What every script in benchmarks/ shares: a fresh database, Django set up on it, and one
way to measure a call and print its figures beside a bare baseline.

A script is run as a file (``.venv/bin/python benchmarks/x.py``), so this module is
imported as ``harness``; importing it puts the project on ``sys.path``.

    import harness

    harness.django_start(database="qms_bench_audits")     # drop, create, migrate, setup
    harness.measure(
        "coverage matrix of the year",
        lambda: coverage_matrix(2026),
        baseline=lambda: list(Audit.objects.filter(planned_start__year=2026)),
        memory="rerun",
    )

prints one line: wall time, CPU time, SQL queries (and peak Python memory when asked),
then the baseline's time and queries and how many times slower the measured call is.
A baseline is the least the database or library must do for the same output (the same
rows by a plain query, the same HTML without our layout): the ratio is what our code
adds, and it stays comparable from one machine to another where seconds do not.
"""

import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LABEL_WIDTH = 56


@dataclass
class Figures:
    seconds: float
    cpu_seconds: float
    queries: int | None = None
    peak_mib: float | None = None

    def line(self) -> str:
        text = f"{self.seconds:8.3f} s {self.cpu_seconds:7.3f} s CPU"
        if self.queries is not None:
            text += f" {self.queries:6d} queries"
        if self.peak_mib is not None:
            text += f" {self.peak_mib:7.1f} MiB peak"
        return text


def database_recreate(url: str) -> None:
    """Drop and create the PostgreSQL database named in ``url`` (its server must be up)."""
    import psycopg

    parts = urlsplit(url)
    admin = (
        f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} "
        f"user={parts.username or 'postgres'} dbname=postgres"
    )
    if parts.password:
        admin += f" password={parts.password}"
    name = parts.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_start(
    *, database: str | None = None, settings: str = "qms.settings.test", fresh: bool = True
) -> None:
    """Set Django up for a benchmark.

    ``database``: the PostgreSQL database to use (BENCH_DATABASE_URL, when set, names
    another); it is dropped, created and migrated unless ``fresh`` is false (then only
    migrated). Without ``database`` Django runs on the settings' own database, untouched
    (for scripts that only render). Settings default to the test settings with DEBUG off;
    ``qms.settings.base`` runs with DEBUG on, as ``make run`` does.
    """
    if database is not None:
        url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}")
        if fresh:
            database_recreate(url)
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    os.environ.setdefault("DEBUG", "1")
    os.environ.pop("REDIS_URL", None)  # work runs in this process: it is what is measured
    import django

    django.setup()
    import logging

    from django.conf import settings as django_settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    if django_settings.SETTINGS_MODULE == "qms.settings.test":
        django_settings.DEBUG = False
    django_settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, "testserver", "127.0.0.1"]
    logging.getLogger("celery").setLevel(logging.WARNING)  # eager tasks log every success
    # Test-client requests keep the one connection and its query log, so counts are complete.
    request_started.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    request_finished.disconnect(close_old_connections)
    if database is not None:
        # in a child process: migrating renders every model state (~100 MB that Python keeps),
        # which a server or worker never does, so it must not count in a benchmark's memory
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], check=True, cwd=ROOT
        )
        print(f"database {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]} migrated in {elapsed(started)}")


def elapsed(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


def run(function: Callable, *, count_queries: bool = True, trace: bool = False):
    """Call ``function`` once; return its result and its Figures."""
    from contextlib import nullcontext

    queries = None
    if count_queries:
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()  # the log keeps 9,000 queries; a full one would count nothing
        queries = CaptureQueriesContext(connection)
    if trace:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    with queries if queries is not None else nullcontext():
        result = function()
    figures = Figures(time.perf_counter() - started, time.process_time() - cpu_started)
    if queries is not None:
        figures.queries = len(queries)
    if trace:
        figures.peak_mib = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return result, figures


def report(label: str, figures: Figures, baseline: Figures | None = None, extra: str = "") -> None:
    """Print one line: the figures, the baseline's, and the ratio of their wall times."""
    line = f"{label:<{LABEL_WIDTH}} {figures.line()}"
    if baseline is not None:
        ratio = figures.seconds / baseline.seconds if baseline.seconds > 0 else float("inf")
        bare = f"{baseline.seconds:8.3f} s"
        if baseline.queries is not None:
            bare += f" {baseline.queries:4d} q"
        line += f"  | bare {bare}  x{ratio:7.1f}"
    print(line + (f"  {extra}" if extra else ""))


def measure(
    label: str,
    function: Callable,
    *,
    baseline: Callable | None = None,
    memory: str | None = None,
    count_queries: bool = True,
    describe: Callable | None = None,
):
    """Measure ``function`` and print one line, beside ``baseline`` when given (run
    first: a write baseline is rolled back, and a read one warms nothing the call lacks).

    ``memory``: None; ``"rerun"`` for the peak of a second, traced run (tracemalloc
    slows Python several times, so time comes from the untraced one: for calls that can
    run twice); ``"same"`` to trace the timed run itself (for writes that run once).
    ``describe(result)`` adds a few words to the line. Returns what ``function`` returned.
    """
    bare = run(baseline, count_queries=count_queries)[1] if baseline is not None else None
    result, figures = run(function, count_queries=count_queries, trace=memory == "same")
    if memory == "rerun":
        figures.peak_mib = run(function, count_queries=False, trace=True)[1].peak_mib
    report(label, figures, bare, describe(result) if describe else "")
    return result


def rolled_back(function: Callable) -> Callable:
    """``function`` run in a transaction that is rolled back: a write baseline that
    leaves the database as it found it."""
    from django.db import transaction

    class _Undo(Exception):
        pass

    def call():
        try:
            with transaction.atomic():
                result = function()
                raise _Undo
        except _Undo:
            return result

    return call


def sample_controlled_header():
    """The controlled header the PDF benchmarks lay out (a Vietnamese procedure)."""
    import datetime

    from renditions import rendering

    return rendering.ControlledHeader(
        number="QT-VP-01",
        title="Quy trình tiếp nhận hồ sơ",
        revision="03",
        effective_date=datetime.date(2026, 1, 5),
    )
