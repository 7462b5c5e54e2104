"""Documents REST API lists at the size of a large register.

    .venv/bin/python benchmarks/documents_api.py                    # PostgreSQL, database qms_bench_documents_api
    .venv/bin/python benchmarks/documents_api.py --documents 5000

Drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qms_bench_documents_api), migrates it, seeds N
documents with an effective revision (a tenth of them confidential, half of those
granted to the reader's department) with bulk inserts, then prints time and SQL queries
of the API calls a reader and an officer make most, beside a bare baseline (the same
page read with a plain query; benchmarks/harness.py): the first page of the document
list (plain, accent-insensitive search, filtered by status), the version list and one
version.
"""

import argparse
import datetime
import time

import harness


def api_get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return response


def rows(response) -> str:
    return f"{response.json().get('count', 1):7d} rows"


def seed(count: int):
    """``count`` documents with an effective revision, a tenth confidential, half of those
    granted to the reader's department; returns the reader and the officer."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from documents.models import Document, DocumentType, DocumentVersion
    from documents.search import search_key
    from documents.workflow import DocumentStatus
    from organisation.models import Department
    from organisation.roles import Role

    User = get_user_model()
    officer = User.objects.create_user("officer", password="bench-pass-42")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    department = Department.objects.create(code="VP", name="Văn phòng")
    reader = User.objects.create_user("reader", password="bench-pass-42")
    reader.groups.add(Group.objects.get(name=Role.STAFF), department.group)
    doc_type = DocumentType.objects.create(code="QT", name="Quy trình")
    titles = ["Quy trình tiếp nhận hồ sơ", "Hướng dẫn đánh giá nội bộ", "Biểu mẫu đề nghị cấp bản sao"]
    documents = []
    for n in range(count):
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
                status=DocumentStatus.EFFECTIVE,
                effective_date=today,
                next_review_date=today + datetime.timedelta(days=365),
            )
            for d in documents
        ],
        batch_size=1000,
    )
    _grant_every_twentieth(documents, department.group)
    return reader, officer


def _grant_every_twentieth(documents, group) -> None:
    """Half the confidential documents (every tenth is one) opened to ``group``."""
    from django.contrib.auth.models import Permission

    from documents.models import DocumentGroupObjectPermission
    from documents.permissions import READ_CONFIDENTIAL

    read = Permission.objects.get(codename=READ_CONFIDENTIAL, content_type__app_label="documents")
    DocumentGroupObjectPermission.objects.bulk_create(
        DocumentGroupObjectPermission(content_object=d, group=group, permission=read)
        for i, d in enumerate(documents)
        if i % 20 == 0
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    harness.django_start(database="qms_bench_documents_api")
    from rest_framework.test import APIClient

    from documents.models import Document, DocumentVersion
    from documents.search import search_key

    started = time.perf_counter()
    reader, officer = seed(args.documents)
    print(f"seeded {args.documents} documents in {harness.elapsed(started)}")

    # Bare: the same page of rows read with a plain query, no rule, no serializer.
    def bare(queryset, size=25):
        return lambda: (queryset.count(), list(queryset[:size]))

    documents_page = Document.objects.select_related("doc_type", "department").order_by("number")
    searched = documents_page.filter(search_text__contains=search_key("quy trinh"))
    version = DocumentVersion.objects.order_by("pk").first()
    page = max(1, min(5, args.documents // 25))  # page 5, or the last of a small register
    calls = [
        ("GET /api/v1/documents/", "/api/v1/documents/", {}, bare(documents_page)),
        ("GET /api/v1/documents/?q=quy trinh", "/api/v1/documents/", {"q": "quy trinh"}, bare(searched)),
        (
            f"GET /api/v1/documents/?status=effective&page={page}",
            "/api/v1/documents/",
            {"status": "effective", "page": page},
            bare(documents_page),
        ),
        (
            "GET /api/v1/versions/?page_size=100",
            "/api/v1/versions/",
            {"page_size": 100},
            bare(DocumentVersion.objects.select_related("document").order_by("pk"), 100),
        ),
        (
            "GET /api/v1/versions/{id}/",
            f"/api/v1/versions/{version.pk}/",
            {},
            lambda: DocumentVersion.objects.select_related("document").get(pk=version.pk),
        ),
    ]
    for user in (reader, officer):
        client = APIClient()
        client.force_login(user)
        client.get("/api/v1/documents/")  # warm the session and permission caches
        for label, url, params, baseline in calls:
            harness.measure(
                f"{user.username}: {label}",
                lambda client=client, url=url, params=params: api_get(client, url, params),
                baseline=baseline,
                describe=rows,
            )


if __name__ == "__main__":
    main()
