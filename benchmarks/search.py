"""Search inside documents (issue 13) on PostgreSQL: p50/p95 by query kind, staff and
officer, beside a bare indexed query; EXPLAIN of the main query.

    .venv/bin/python benchmarks/search.py --documents 20000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms_fbench .venv/bin/python benchmarks/search.py --documents 100000

Recreates the database, migrates, ``seed_scale --documents N``, gives every effective
version 2-5 pages of Vietnamese body text (VersionPage rows built from a sentence bank,
folded as the extraction would), ANALYZE, then times ``search.selectors.search_versions``
(count + first page of 20 + snippets) over ``--repeat`` runs per query.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

SENTENCES = [
    "Phòng Đào tạo cấp bản sao văn bằng, chứng chỉ từ sổ gốc trong ba ngày làm việc.",
    "Bộ phận một cửa tiếp nhận hồ sơ, kiểm tra tính hợp lệ và viết giấy hẹn trả kết quả.",
    "Văn thư đóng dấu, vào sổ công văn đi và lưu bản chính theo quy định.",
    "Trưởng phòng xem xét, ký duyệt kết quả và chuyển bộ phận trả kết quả.",
    "Hồ sơ lưu gồm đơn đề nghị, sổ theo dõi và bản sao đã cấp, thời gian lưu mười năm.",
    "Cán bộ quản lý tài liệu cập nhật danh mục tài liệu nội bộ sau mỗi lần ban hành.",
    "Đánh giá nội bộ được thực hiện ít nhất một lần mỗi năm theo kế hoạch đã phê duyệt.",
    "Sự không phù hợp được ghi nhận, phân tích nguyên nhân và đề xuất hành động khắc phục.",
]
QUERIES = {
    "single word": "hop le",
    "two words, no diacritics": "cap ban sao",
    "phrase": '"so cong van di"',
    "prefix": "khac*",
    "rare word": "xylanhhiem",
    "no match": "khongtontaitu",
}


def add_pages(rare_every: int = 5000) -> int:
    from documents.models import DocumentVersion
    from search.models import VersionPage
    from search.text import fold

    rng = random.Random(13)
    # versions registered with a file already had their text extracted (lifecycle hook)
    ids = list(
        DocumentVersion.objects.filter(status="effective", text_pages__isnull=True).values_list(
            "pk", flat=True
        )
    )
    batch, total = [], 0
    for index, version_id in enumerate(ids):
        for number in range(1, rng.randint(2, 5) + 1):
            text = " ".join(rng.choice(SENTENCES) for _ in range(12))
            if index % rare_every == 0 and number == 2:
                text += " Thiết bị xylanhhiem."
            batch.append(VersionPage(version_id=version_id, number=number, text=text, folded=fold(text)))
        if len(batch) >= 5000:
            VersionPage.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    VersionPage.objects.bulk_create(batch)
    return total + len(batch)


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    harness.django_start(database="qms_bench_search")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from search import selectors
    from search.models import VersionPage
    from search.query import parse

    started = time.perf_counter()
    call_command("seed_scale", documents=args.documents)
    print(f"seed_scale {args.documents} in {harness.elapsed(started)}")
    started = time.perf_counter()
    pages = add_pages()
    seconds = time.perf_counter() - started
    print(
        f"{pages} pages folded and stored in {seconds:.1f} s ({pages / seconds:.0f} pages/s, text only, no OCR)"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('search_page_folded_trgm'))")
        print("GIN trigram index size:", cursor.fetchone()[0])
    from organisation.roles import Role

    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    staff = users.filter(groups__name=Role.STAFF).exclude(groups__name=Role.OFFICER).first()
    officer = users.filter(groups__name=Role.OFFICER).first()
    print(f"staff: {staff}, officer: {officer}")
    print(f"{'query':28} {'who':8} {'p50 ms':>8} {'p95 ms':>8} {'bare p50':>9} {'bare p95':>9}")
    for kind, query in QUERIES.items():
        terms = parse(query)

        def bare(terms=terms):
            qs = VersionPage.objects.all()
            for term in terms:
                qs = qs.filter(folded__contains=term.pattern)
            return list(qs.values_list("version_id", flat=True)[:20])

        bare_p = timed(bare, args.repeat)
        for who, user in (("staff", staff), ("officer", officer)):

            def run(user=user, query=query):
                versions = selectors.search_versions(user, query).select_related("document")
                versions.count()
                selectors.hits_with_snippets(list(versions[:20]), query)

            p50, p95 = timed(run, args.repeat)
            print(f"{kind:28} {who:8} {p50:8.1f} {p95:8.1f} {bare_p[0]:9.1f} {bare_p[1]:9.1f}")
    sql, params = selectors.search_versions(staff, "cap ban sao")[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
