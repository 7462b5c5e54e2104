"""Scale benchmark (issue 12): the document pages at 100k+ documents beside bare views.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms_e1bench \\
        [BENCH_REDIS_URL=redis://127.0.0.1:6379/14] .venv/bin/python benchmarks/scale.py --documents 100000

Loads the register once (migrate, ``seed_demo``, ``seed_scale`` up to N documents,
ANALYZE; a database that already holds N documents is reused), starts gunicorn with 2
workers on ``benchmarks.scale_settings`` (the project's URLs plus bare views, and a
middleware that counts SQL queries), signs staff and officer in, and prints for each:
p50/p95 of every page beside the bare view that returns the same rows without the
visibility rule, the ratio, the page's SQL query count, and the throughput of 8
concurrent clients on the HTML list against the bare list. Two "floor" rows show the least
any list page must do: the rows the visibility rule lets the user see, with nothing else,
in the bare template and in the layout. Timings are wall time seen by
the client, over ``--requests`` requests after two warm-up requests.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/qms_e1bench"
GOALS = {"list": 2, "deep": 3, "search": 2, "detail": 2, "api": 2, "download": 5, "home": 2}


def _environment(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="benchmarks.scale_settings",
        MEDIA_ROOT=env.get("MEDIA_ROOT", "/tmp/qms-scale-media"),
        SECRET_KEY=env.get("SECRET_KEY", "scale-benchmark-only-" + "x" * 40),
    )
    if env.get("BENCH_REDIS_URL"):  # as in production: cache, sessions and menus on Redis
        env["REDIS_URL"] = env["BENCH_REDIS_URL"]
    os.makedirs(env["MEDIA_ROOT"], exist_ok=True)
    return env


def prepare(documents: int) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    call_command("migrate", verbosity=0)
    from documents.models import Document

    have = Document.objects.count()
    if have < documents:
        call_command("seed_scale", documents=documents - have)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE") if connection.vendor == "postgresql" else None


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string

    user = get_user_model().objects.get(username=username)
    store = (
        import_string(settings.SESSION_ENGINE + ".SessionStore")()
        if settings.SESSION_ENGINE
        else SessionStore()
    )
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def targets(staff_like: bool) -> list[tuple[str, str, str]]:
    """(work, page URL, bare URL) for one user."""
    from documents.models import Document, DocumentVersion

    count = Document.objects.count()
    deep = min(3000, max(count // 25, 1))
    document = (
        Document.objects.filter(confidentiality="internal").order_by("pk")[count // 2 : count // 2 + 1].get()
    )
    version = DocumentVersion.objects.get(document=document, status="effective")
    search = quote("quy trinh tuyen sinh")
    # the number the Next link of page ``deep`` carries (keyset: rows after it)
    last = Document.objects.order_by("number").values_list("number", flat=True)[deep * 25 - 1]
    return [
        ("HTML list, page 1", "/documents/", "/bare/list/"),
        (f"HTML list, page {deep}", f"/documents/?page={deep}", f"/bare/list/?page={deep}"),
        (
            f"HTML list, Next to page {deep + 1}",
            f"/documents/?page={deep + 1}&after={quote(last)}",
            f"/bare/list/?page={deep + 1}",
        ),
        ("HTML search", f"/documents/?q={search}", f"/bare/search/?q={search}"),
        ("HTML detail", f"/documents/{document.pk}/", f"/bare/detail/{document.pk}/"),
        ("HTML version page", f"/versions/{version.pk}/", f"/bare/detail/{document.pk}/"),
        ("API list, page 1", "/api/v1/documents/", "/bare/api/list/"),
        ("API detail", f"/api/v1/documents/{document.pk}/", f"/bare/api/detail/{document.pk}/"),
        ("download", f"/versions/{version.pk}/file/", "/bare/constant/"),
        ("home", "/", "/bare/list/"),
    ]


def fetch(base: str, url: str, cookie: str) -> tuple[float, int, str]:
    request = urllib.request.Request(base + url, headers={"Cookie": cookie, "Accept-Language": "vi"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        status, queries = response.status, response.headers.get("X-Queries", "?")
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{url}: HTTP {status}")
    return elapsed, status, queries


def timings(base: str, url: str, cookie: str, n: int) -> tuple[float, float, str]:
    for _ in range(2):
        fetch(base, url, cookie)
    samples, queries = [], "?"
    for _ in range(n):
        elapsed, _status, queries = fetch(base, url, cookie)
        samples.append(elapsed)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))], queries


def throughput(base: str, url: str, cookie: str, seconds: float = 8.0, clients: int = 8) -> float:
    done = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop:
            fetch(base, url, cookie)
            with lock:
                done[0] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    return done[0] / (time.monotonic() - started)


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "qms.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bare/constant/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def report(base: str, username: str, n: int) -> None:
    cookie = session_cookie(username)
    print(f"\n## {username}\n")
    print("| work | p50 / p95 ms | bare p50 / p95 ms | ratio (p50) | goal | queries (bare) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for work, url, bare_url in targets(username != "officer"):
        p50, p95, queries = timings(base, url, cookie, n)
        b50, b95, bare_queries = timings(base, bare_url, cookie, n)
        goal = next((g for key, g in GOALS.items() if key in work.lower()), 2)
        goal = GOALS["deep"] if "page 1" not in work and "list, " in work and "page" in work else goal
        print(
            f"| {work} | {p50:.1f} / {p95:.1f} | {b50:.1f} / {b95:.1f} | {p50 / b50:.1f}x | "
            f"<= {goal}x | {queries} ({bare_queries}) |"
        )
    # what every page of ours carries before its own work (session, user, permissions, the
    # menu, the layout): a signed-in page with no content, beside the bare list
    p50, p95, queries = timings(base, "/bare/layout/", cookie, n)
    b50, b95, bare_queries = timings(base, "/bare/list/", cookie, n)
    print(
        f"| (layout only: a signed-in page with no content) | {p50:.1f} / {p95:.1f} | "
        f"{b50:.1f} / {b95:.1f} | {p50 / b50:.1f}x | | {queries} ({bare_queries}) |"
    )
    # the floor under any list page the issue asks for: only the rows the visibility rule
    # lets this user see, with no count, filters or status, first in the bare template,
    # then inside the layout (benchmarks/scale_urls.py)
    for label, url in (
        ("floor: the rule's 25 rows, bare template", "/bare/floor/list/"),
        ("floor: the rule's 25 rows in the layout", "/bare/floor/page/"),
    ):
        p50, p95, queries = timings(base, url, cookie, n)
        b50, b95, bare_queries = timings(base, "/bare/list/", cookie, n)
        print(
            f"| ({label}) | {p50:.1f} / {p95:.1f} | {b50:.1f} / {b95:.1f} | {p50 / b50:.1f}x | | "
            f"{queries} ({bare_queries}) |"
        )
    page = throughput(base, "/documents/", cookie)
    bare = throughput(base, "/bare/list/", cookie)
    print(
        f"| 8 clients, HTML list | {page:.1f} req/s | {bare:.1f} req/s | {page / bare:.2f} of bare | >= 0.5 | |"
    )
    floor = throughput(base, "/bare/floor/page/", cookie)
    print(
        f"| (8 clients, floor in the layout) | {floor:.1f} req/s | {bare:.1f} req/s | {floor / bare:.2f} of bare | | |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--port", type=int, default=8118)
    parser.add_argument("--users", default="staff,officer", help="comma-separated usernames")
    args = parser.parse_args()
    env = _environment(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    os.environ.update(env)
    prepare(args.documents)
    from documents.models import Document, DocumentVersion

    print(
        f"# {Document.objects.count()} documents, {DocumentVersion.objects.count()} versions, "
        f"{Document.objects.filter(confidentiality='confidential').count()} confidential; gunicorn -w 2"
    )
    server = serve(env, args.port)
    try:
        for username in args.users.split(","):
            report(f"http://127.0.0.1:{args.port}", username, args.requests)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


if __name__ == "__main__":
    main()
