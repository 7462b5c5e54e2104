"""Search inside documents (issue 13) on PostgreSQL: p50/p95 by query kind as staff and as
officer beside a bare indexed query, indexing throughput (text and OCR), index sizes,
EXPLAIN of the main query.

    .venv/bin/python benchmarks/search.py --documents 100000
    .venv/bin/python benchmarks/search.py --keep-database          # measure again, no reseed
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python benchmarks/search.py

Recreates the database (unless ``--keep-database``), migrates, runs ``seed_scale
--documents N --body-text`` (every effective version gets 2-5 pages of Vietnamese body
text, search.samples; the extraction task does not run for bulk rows), VACUUM ANALYZE.

"search page" is what /search/ asks of the database for one query: the count, the first
20 hits ranked, their snippets and the three facet counts (search.selectors). "bare" is
the least the same answer needs without the visibility rule and ranking: the ids of the
GIN matches in search_versiontext, stopped at RESULT_LIMIT + 1 (501) as the search's probes are.
"""

import argparse
import random
import re
import statistics
import sys
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

QUERIES = {
    "single word": "hop le",
    "two words, no diacritics": "cap ban sao",
    "phrase": '"so cong van di"',
    "prefix": "khac*",
    "rare word": "khuc",
    "word in ~5,000 versions": "guideline",  # a title word: both probes find hundreds
    "title + body words": "quy trinh tuyen sinh thoi han",
    "no match": "khongtontaitu",
}


def timed(function, repeat):
    function()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(len(times) * 0.95) - 1)]


def search_page(user, query):
    from search import selectors

    results = selectors.search(user, query)
    versions = results.versions.select_related("document", "document__doc_type", "document__department")
    hits = selectors.hits_with_snippets(list(versions[:20]), query)
    selectors.facets(versions)
    return results.count, hits


def bare(query):
    """The version ids of the GIN matches, stopped at RESULT_LIMIT + 1 as the search is."""
    from django.db import connection

    from search.query import parse
    from search.selectors import RESULT_LIMIT, TS_CONFIG, tsquery_text

    text = tsquery_text(parse(query))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version_id FROM search_versiontext WHERE vector @@ to_tsquery(%s::regconfig, %s) LIMIT %s",
            [TS_CONFIG, text, RESULT_LIMIT + 1],
        )
        return cursor.fetchall()


def indexing_throughput(officer):
    """Pages per second of the real extraction (file -> pages -> folded -> tsvector by the
    trigger), text layer and OCR measured apart on files made here."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from documents import services
    from documents.models import DocumentType
    from organisation.models import Department
    from search.samples import page_text
    from search.services import version_text_extract
    from tests.search import files

    rng = random.Random(7)
    text_pages = [page_text(rng)[0] for _ in range(20)]
    scan_pages = [textwrap.wrap(page_text(rng, sentences=6)[0], 75) for _ in range(2)]
    samples = {
        "text (20-page PDF, text layer)": ("bench.pdf", files.pdf_pages(text_pages), 20),
        "text (20-page DOCX)": ("bench.docx", files.docx_pages(text_pages), 20),
        "OCR (2-page scanned PDF, 300 dpi)": ("scan.pdf", files.scan_pdf(scan_pages), 2),
    }
    doc_type = DocumentType.objects.filter(is_external=False).first()
    department = Department.objects.first()
    for label, (name, content, pages) in samples.items():
        with transaction.atomic():
            document = services.document_register(
                actor=officer,
                doc_type=doc_type,
                department=department,
                title=f"Benchmark {name}",
                file=SimpleUploadedFile(name, content),
            )
        version = document.versions.get()
        started = time.perf_counter()
        state = version_text_extract(version_id=version.pk)
        seconds = time.perf_counter() - started
        print(
            f"  {label:36} {state.page_count:3d} pages {seconds:7.2f} s  {pages / seconds:7.2f} pages/s ({state.status})"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    harness.django_start(database="qms_searchbench", fresh=not args.keep_database)
    from django.contrib.auth import get_user_model
    from django.contrib.postgres.search import SearchQuery
    from django.core.management import call_command
    from django.db import connection

    from documents.models import Document, DocumentVersion
    from search import selectors
    from search.models import VersionPage, VersionText
    from search.query import parse

    if not args.keep_database:
        started = time.perf_counter()
        call_command("seed_scale", documents=args.documents, body_text=True)
        print(f"seed_scale --documents {args.documents} --body-text in {harness.elapsed(started)}")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"{Document.objects.count()} documents, {DocumentVersion.objects.count()} versions, "
        f"{VersionText.objects.exclude(vector=None).count()} with a vector, {VersionPage.objects.count()} pages"
    )
    with connection.cursor() as cursor:
        for index in ("search_versiontext_vector_gin", "search_document_text_trgm"):
            cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [index])
            print(f"index {index}: {cursor.fetchone()[0]}")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_versionpage'))")
        print(f"table search_versionpage (text + folded, with TOAST): {cursor.fetchone()[0]}")

    users = get_user_model().objects.filter(is_active=True)
    staff = users.get(username="staff")  # the demo's reader: staff group only
    officer = users.get(username="officer")

    groups = ", ".join(staff.groups.values_list("name", flat=True))
    print(f"staff: {staff} (groups: {groups}), officer: {officer}; {args.repeat} runs per line")
    print(
        f"{'query':30} {'hits':>6} {'who':8} {'p50 ms':>7} {'p95 ms':>7} {'bare p50':>9} {'bare p95':>9} {'x p50':>6}"
    )
    for kind, query in QUERIES.items():
        bare_p50, bare_p95 = timed(lambda query=query: bare(query), args.repeat)
        for who, user in (("staff", staff), ("officer", officer)):
            count = search_page(user, query)[0]
            p50, p95 = timed(lambda user=user, query=query: search_page(user, query), args.repeat)
            ratio = p50 / bare_p50 if bare_p50 else float("inf")
            print(
                f"{kind + ' ' + repr(query):30.30} {count:6d} {who:8} {p50:7.1f} {p95:7.1f} "
                f"{bare_p50:9.1f} {bare_p95:9.1f} {ratio:6.1f}"
            )
    print("\nindexing throughput (extraction + folding + storing + tsvector trigger):")
    indexing_throughput(officer)
    for query in ("cap ban sao", "khuc"):
        results = selectors.search(staff, query)
        terms = parse(query)
        matching = VersionText.objects.filter(
            vector=SearchQuery(selectors.tsquery_text(terms), search_type="raw", config=selectors.TS_CONFIG)
        ).values_list("version_id", flat=True)[: selectors.FEW_MATCHES + 1]
        steps = [("GIN matches (ids, at most FEW_MATCHES + 1)", matching)]
        steps += [
            (
                f"probe {n} (visible, at most RESULT_LIMIT + 1)",
                probe.order_by().values("pk")[: selectors.RESULT_LIMIT + 1],
            )
            for n, probe in enumerate(results.probes, start=1)
        ]
        steps.append(("first page, ranked", results.versions[:20]))
        for label, queryset in steps:
            sql, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
                print(f"\nEXPLAIN, staff, {query!r}: {label}")
                for (row,) in cursor.fetchall():
                    print(re.sub(r"'\{[0-9,]{200,}\}'", "'{...ids...}'", row))


if __name__ == "__main__":
    main()
