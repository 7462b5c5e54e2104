"""The main pages as the demo users see them: time (p50), HTML size, CSS+JS weight.

    .venv/bin/python benchmarks/pages.py                 # PostgreSQL, database qms_bench_pages
    .venv/bin/python benchmarks/pages.py --runs 30

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_pages), migrates it and loads the demo
(seed_demo). Then, through Django's test client with each demo user logged in, it requests
each main page ``--runs`` times and prints: p50 wall time and SQL queries, the HTML's bytes
(raw and gzipped), and the CSS and JavaScript the page loads (each file gzipped, as
WhiteNoise serves it), beside a bare view: a logged-in page of the same HTML size behind the
same middleware, with no query of ours. Issue 16's budget: no page loads more than 150 KB of
CSS+JS after compression; the script exits with status 1 if one does.
"""

import argparse
import gzip
import re
import statistics
import sys
import time

import harness

BUDGET_KB = 150
# (label, demo user or None for a visitor, path, or a list page and the link to follow)
PAGES = [
    ("home (officer)", "officer", "/"),
    ("home (staff)", "staff", "/"),
    ("documents", "officer", "/documents/"),
    ("document", "staff", ("/documents/", r'href="(/documents/\d+/)"')),
    ("version", "staff", ("/documents/", r'href="(/documents/\d+/)"', r'href="(/versions/\d+/)"')),
    ("my tasks", "approver", "/approvals/tasks/"),
    ("sign", "approver", ("/approvals/tasks/", r'href="(/approvals/versions/\d+/sign/)"')),
    ("inbox", "staff", "/notifications/"),
    ("reviews due", "officer", "/reviews/"),
    ("audits", "auditor", "/audits/"),
    ("nonconformities", "officer", "/nonconformities/"),
    ("NC dashboard", "officer", "/nonconformities/dashboard/"),
    ("feedback form", None, "/feedback/"),
]
ASSET_RE = re.compile(r'<(?:link rel="stylesheet" href|script src)="/static/([^"?]+)"')

urlpatterns = []  # filled in main(): the project's URLs and the bare view


def bare_view(request):
    """The baseline: the same number of bytes, behind the same middleware (session,
    authentication, CSRF, locale, CSP), with no query of ours."""
    from django.http import HttpResponse

    size = int(request.GET.get("size", "1000"))
    head = f"<!doctype html><html><body><p>{request.user.get_username()}</p>"
    return HttpResponse(head + "x" * max(0, size - len(head)) + "</body></html>")


def resolve(client, target) -> str:
    if isinstance(target, str):
        return target
    path, *patterns = target
    for pattern in patterns:
        found = re.search(pattern, client.get(path).content.decode())
        if not found:
            raise SystemExit(f"no link {pattern} on {path}")
        path = found.group(1)
    return path


def timed(client, path, runs) -> tuple[float, int, bytes]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: templates, translations, caches
    times, queries = [], 0
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        queries = len(captured)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    return statistics.median(times), queries, response.content


def assets_gzipped(html: str) -> tuple[int, int, int]:
    """(files, CSS+JS bytes raw, gzipped) of the stylesheets and scripts the page loads."""
    from django.contrib.staticfiles import finders

    raw = packed = 0
    files = ASSET_RE.findall(html)
    for name in files:
        found = finders.find(name)
        if found is None:
            raise SystemExit(f"static file not found: {name}")
        with open(found, "rb") as f:
            data = f.read()
        raw += len(data)
        packed += len(gzip.compress(data, 6))
    return len(files), raw, packed


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    harness.django_start(database="qms_bench_pages")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import clear_url_caches, include, path

    urlpatterns[:] = [path("_bare/", bare_view), path("", include(settings.ROOT_URLCONF))]
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    started = time.perf_counter()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    print(f"demo loaded in {harness.elapsed(started)}; {args.runs} runs a page, p50\n")
    clients: dict = {}
    header = f"{'page':<18} {'p50 ms':>7} {'queries':>7} {'HTML KB':>8} {'gz KB':>6} {'files':>5} {'CSS+JS KB':>9} {'gz KB':>6}  {'bare ms':>7}  x"
    print(header)
    over = []
    for label, user, target in PAGES:
        if user not in clients:
            client = clients[user] = Client(HTTP_ACCEPT_LANGUAGE="en")
            if user:
                client.force_login(get_user_model().objects.get(username=user))
        client = clients[user]
        page_path = resolve(client, target)
        seconds, queries, html = timed(client, page_path, args.runs)
        bare, _bare_queries, _ = timed(client, f"/_bare/?size={len(html)}", args.runs)
        files, css_js, css_js_gz = assets_gzipped(html.decode())
        if css_js_gz > BUDGET_KB * 1024:
            over.append(label)
        print(
            f"{label:<18} {seconds * 1000:7.1f} {queries:7d} {len(html) / 1024:8.1f} "
            f"{len(gzip.compress(html, 6)) / 1024:6.1f} {files:5d} {css_js / 1024:9.1f} {css_js_gz / 1024:6.1f}  "
            f"{bare * 1000:7.1f}  x{seconds / bare:5.1f}"
        )
    print(
        f"\nbudget: at most {BUDGET_KB} KB of CSS+JS a page after gzip; over it: {', '.join(over) or 'none'}"
    )
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
