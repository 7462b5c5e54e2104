"""Documents REST API lists at the size of a large register.

    .venv/bin/python benchmarks/documents_api.py                    # PostgreSQL, database qms_bench_documents_api
    .venv/bin/python benchmarks/documents_api.py --documents 5000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_documents_api), migrates it, seeds N
documents with an effective revision (a tenth of them confidential, half of those
granted to the reader's department) with bulk inserts, then prints wall time and SQL
queries of the API calls a reader and an officer make most: the first page of the
document list (plain, accent-insensitive search, filtered by status), the version list
and one version.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qms_bench_documents_api"


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = (
        f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} "
        f"user={parts.username or 'postgres'} dbname=postgres"
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def measure(label, client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    count = response.json().get("count", 1)
    print(f"{label:<52} {elapsed:8.3f} s {len(queries):4d} queries {count:7d} rows")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.test import APIClient

    from documents.models import Document, DocumentGroupObjectPermission, DocumentType, DocumentVersion
    from documents.permissions import READ_CONFIDENTIAL
    from documents.search import search_key
    from documents.workflow import Status
    from organisation.models import Department
    from organisation.roles import Role

    User = get_user_model()
    officer = User.objects.create_user("officer", password="bench-pass-42")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    department = Department.objects.create(code="VP", name="Văn phòng")
    reader = User.objects.create_user("reader", password="bench-pass-42")
    reader.groups.add(Group.objects.get(name=Role.STAFF), department.group)
    doc_type = DocumentType.objects.create(code="QT", name="Quy trình")

    started = time.perf_counter()
    titles = ["Quy trình tiếp nhận hồ sơ", "Hướng dẫn đánh giá nội bộ", "Biểu mẫu đề nghị cấp bản sao"]
    documents = []
    for n in range(args.documents):
        number, title = f"QT-VP-{n + 1:04d}", f"{titles[n % 3]} {n}"
        documents.append(
            Document(
                number=number,
                title=title,
                doc_type=doc_type,
                department=department,
                owner=officer,
                created_by=officer,
                confidentiality="confidential" if n % 10 == 0 else "internal",
                search_text=search_key(f"{number} {title}"),
            )
        )
    documents = Document.objects.bulk_create(documents, batch_size=1000)
    today = datetime.date.today()
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d,
                revision=1,
                body="Nội dung",
                author=officer,
                status=Status.EFFECTIVE,
                effective_date=today,
                next_review_date=today + datetime.timedelta(days=365),
            )
            for d in documents
        ],
        batch_size=1000,
    )
    from django.contrib.auth.models import Permission

    read = Permission.objects.get(codename=READ_CONFIDENTIAL, content_type__app_label="documents")
    DocumentGroupObjectPermission.objects.bulk_create(
        [
            DocumentGroupObjectPermission(content_object=d, group=department.group, permission=read)
            for i, d in enumerate(documents)
            if i % 20 == 0
        ]
    )
    print(f"seeded {args.documents} documents in {time.perf_counter() - started:.1f} s")

    for user in (reader, officer):
        client = APIClient()
        client.force_login(user)
        client.get("/api/v1/documents/")  # warm the session and permission caches
        name = user.username
        measure(f"{name}: GET /api/v1/documents/", client, "/api/v1/documents/")
        measure(
            f"{name}: GET /api/v1/documents/?q=quy trinh", client, "/api/v1/documents/", {"q": "quy trinh"}
        )
        measure(
            f"{name}: GET /api/v1/documents/?status=effective&page=5",
            client,
            "/api/v1/documents/",
            {"status": "effective", "page": 5},
        )
        measure(
            f"{name}: GET /api/v1/versions/?page_size=100", client, "/api/v1/versions/", {"page_size": 100}
        )
        version = DocumentVersion.objects.order_by("pk").first()
        measure(f"{name}: GET /api/v1/versions/{{id}}/", client, f"/api/v1/versions/{version.pk}/")


if __name__ == "__main__":
    main()
