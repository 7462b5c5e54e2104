"""Where one page's time goes (issue 12): its SQL queries, each with the line of our code
that ran it, and the top of a cProfile of the request.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms_e1bench \\
        .venv/bin/python benchmarks/scale_profile.py /documents/ --user staff

Runs the request in-process through Django's test client (signed in as ``--user``) on the
scale benchmark's database (load it first with benchmarks/scale.py), after ``--warm``
untimed requests, so caches are as warm as in a running server.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _origin() -> str:
    """The innermost frame of the project's own code that ran the query."""
    for frame in reversed(traceback.extract_stack()[:-3]):
        name = frame.filename
        if str(ROOT) in name and ".venv" not in name and "benchmarks" not in name:
            return f"{Path(name).relative_to(ROOT)}:{frame.lineno} {frame.name}"
    return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--user", default="staff")
    parser.add_argument("--warm", type=int, default=2)
    parser.add_argument("--sql", action="store_true", help="print each query's SQL")
    parser.add_argument("--top", type=int, default=25, help="cProfile rows (0: none)")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime ...")
    args = parser.parse_args()
    from scale import _environment

    os.environ.update(_environment(os.environ.get("BENCH_DATABASE_URL", "")))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="vi", HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=args.user))
    for _ in range(args.warm):
        client.get(args.url)
    queries = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, _origin(), sql))

    with connection.execute_wrapper(record):
        started = time.perf_counter()
        response = client.get(args.url)
        elapsed = (time.perf_counter() - started) * 1000
    print(f"{args.url} as {args.user}: HTTP {response.status_code}, {elapsed:.1f} ms, {len(queries)} queries")
    for ms, origin, sql in queries:
        print(f"  {ms:7.2f} ms  {origin}")
        if args.sql:
            print(f"             {sql[:600]}")
    if args.top:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(args.url)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
