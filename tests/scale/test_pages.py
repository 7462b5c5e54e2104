"""Issue 12, pages: what a user notices of the per-request work at scale.

The document page and the version page of a revision signed through a route answer in at
most 8 queries whatever apps add panels and menu entries (the panels' small questions, the
menu's and the inbox count are asked in one query; the route is read with its stages, the
officer's extraction state is among the small questions); the menu still shows what it showed; forms name documents by number instead of
listing every visible document, and refuse a number the user may not see.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.workflow import DocumentStatus
from nonconformities.models import Nonconformity
from notifications.services import notify
from tests.documents.factories import DepartmentFactory, UserFactory, make_document

pytestmark = pytest.mark.django_db

DOCUMENT_PAGE_LIMIT = 8
VERSION_PAGE_LIMIT = 8


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def register():
    officer = UserFactory(officer=True)
    document = make_document(
        officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, title="Quy trình lưu trữ hồ sơ số"
    )
    secret = make_document(
        officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, confidential=True
    )
    return officer, document, secret


@pytest.mark.parametrize("role", ["staff", "officer"])
def test_document_page_and_version_page_take_at_most_eight_queries(client, register, role):
    # given: a document with an effective revision, every app's panels and menu installed
    _officer, document, _secret = register
    user = UserFactory(**{role: True})
    client.force_login(user)
    version = document.versions.get()
    pages = [
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:version_detail", args=[version.pk]),
    ]
    for url in pages:
        client.get(url)  # the session's first request may write it
    # when / then
    assert count_queries(client, pages[0]) <= DOCUMENT_PAGE_LIMIT
    assert count_queries(client, pages[1]) <= VERSION_PAGE_LIMIT


def test_the_menu_still_counts_unread_messages_and_costs_nothing_more(client, register):
    # given: a reader with no message, then two unread ones
    _officer, document, _secret = register
    reader = UserFactory(staff=True)
    client.force_login(reader)
    url = reverse("documents:detail", args=[document.pk])
    client.get(url)
    before = count_queries(client, url)
    assert "Inbox (" not in client.get(url).content.decode()
    for n in range(2):
        notify(recipient=reader, kind="test", subject=f"Tin {n}", message="", email=False)
    # when
    page = client.get(url).content.decode()
    # then: the header shows the figure, asked with the page's other small questions
    assert "Inbox (2)" in page
    assert count_queries(client, url) == before


def _nc_data(department, **extra):
    return {
        "title": "Dùng biểu mẫu cũ",
        "source": "process_monitoring",
        "department": department.pk,
        "severity": "minor",
        "date_detected": timezone.localdate().isoformat(),
        "description": "Bộ phận một cửa dùng biểu mẫu cũ",
        **extra,
    }


def test_a_form_names_documents_by_number_and_refuses_one_the_user_cannot_see(client, register):
    # given: a reader who sees the internal document, not the confidential one
    _officer, document, secret = register
    reader = UserFactory(staff=True)
    department = DepartmentFactory()
    client.force_login(reader)
    url = reverse("nonconformities:report")
    # the form lists no document: a number field, whatever the register holds
    form_page = client.get(url).content.decode()
    assert document.title not in form_page and 'name="documents"' in form_page
    assert '<select name="documents"' not in form_page
    # when: a confidential number, then an unknown one
    refused = client.post(url, _nc_data(department, documents=secret.number))
    unknown = client.post(url, _nc_data(department, documents=f"{document.number}, XX-00-99"))
    # then: 400 with the field's message naming the number, and nothing recorded
    assert refused.status_code == 400
    assert f"No document numbered {secret.number} that you can see." in refused.content.decode()
    assert unknown.status_code == 400 and "XX-00-99" in unknown.content.decode()
    assert not Nonconformity.objects.exists()
    # when: the visible number, lower case, with its title after it
    response = client.post(url, _nc_data(department, documents=f"{document.number.lower()} {document.title}"))
    # then
    nc = Nonconformity.objects.get()
    assert response.status_code == 302
    assert list(nc.documents.all()) == [document]


def test_the_audit_plan_form_costs_the_same_for_a_bigger_register(client, register):
    officer, document, _secret = register
    planner = UserFactory(officer=True)
    client.force_login(planner)
    url = reverse("audits:plan")
    client.get(url)
    before = count_queries(client, url)
    for _ in range(5):
        make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None)
    assert count_queries(client, url) == before
    assert document.title not in client.get(url).content.decode()


def test_next_and_previous_walk_the_list_by_number_and_a_page_number_still_jumps(client, monkeypatch):
    # given: seven documents, two to a page
    import html
    import re

    from documents.models import Document

    officer = UserFactory(officer=True)
    for _ in range(7):
        make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None)
    numbers = list(Document.objects.order_by("number").values_list("number", flat=True))
    monkeypatch.setattr("documents.views.PAGE_SIZE", 2)
    client.force_login(UserFactory(staff=True))

    def shown(page):
        return [n for n in numbers if f">{n}</a>" in page]

    def link(page, rel):
        found = re.search(rf'href="([^"]+)" rel="{rel}"', page)
        return html.unescape(found.group(1)) if found else None

    # when: following Next from the first page to the end
    url, seen, pages = reverse("documents:list"), [], []
    while url:
        page = client.get(url if url.startswith("/") else reverse("documents:list") + url).content.decode()
        seen += shown(page)
        pages.append(page)
        url = link(page, "next")
    # then: every document once, in order, the links carrying the last number shown
    assert seen == numbers
    assert f"after={numbers[1]}" in link(pages[0], "next") and "Page 4" in pages[-1]
    # and Previous walks back from the last page
    back = link(pages[-1], "prev")
    assert f"before={numbers[6]}" in back
    assert shown(client.get(reverse("documents:list") + back).content.decode()) == numbers[4:6]
    # a jumped page number is read by offset, as before
    assert shown(client.get(reverse("documents:list"), {"page": 2}).content.decode()) == numbers[2:4]


@pytest.mark.parametrize("role", ["staff", "officer"])
@pytest.mark.parametrize("walk_limit", [1000, 6], ids=["walk", "walk-then-index"])
def test_a_search_that_matches_many_pages_through_its_matches_read_along_the_numbers(
    client, monkeypatch, settings, role, walk_limit
):
    # given: documents with and without the words searched, one confidential, more matches
    # than the list counts, read in windows of two, then three numbers (at most six, then
    # through the index, or all of them), two rows to a page
    import html
    import re

    from documents.models import Document
    from qms import paging

    officer = UserFactory(officer=True)
    titles = ["Quy trình tuyển sinh lớp {}", "Báo cáo tài chính {}", "Quy trình tuyển dụng {}"]
    for n in range(15):
        make_document(
            officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, title=titles[n % 3].format(n)
        )
    secret = make_document(
        officer=officer,
        status=DocumentStatus.EFFECTIVE,
        file_name=None,
        confidential=True,
        title="Quy trình tuyển sinh mật",
    )
    monkeypatch.setattr("documents.views.PAGE_SIZE", 2)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)
    monkeypatch.setattr("documents.selectors.SEARCH_WINDOWS", (2, 3))
    monkeypatch.setattr("documents.selectors.SEARCH_WALK_LIMIT", walk_limit)
    settings.QMS_SEARCH_ALONG_NUMBERS_FROM = 0  # whatever the size of the register
    user = officer if role == "officer" else UserFactory(staff=True)
    client.force_login(user)
    matching = Document.objects.filter(title__startswith="Quy trình tuyển sinh")
    if role == "staff":
        matching = matching.exclude(pk=secret.pk)
    expected = list(matching.order_by("number").values_list("number", flat=True))
    everyone = list(Document.objects.values_list("number", flat=True))

    def shown(page):
        return [n for n in everyone if f">{n}</a>" in page]

    def link(page, rel):
        found = re.search(rf'href="([^"]+)" rel="{rel}"', page)
        return html.unescape(found.group(1)) if found else None

    # when: searching, accents left out, and following Next to the end
    url, seen, pages = "?q=quy+trinh+tuyen+sinh", [], []
    while url:
        page = client.get(reverse("documents:list") + url).content.decode()
        seen += shown(page)
        pages.append(page)
        url = link(page, "next")
    # then: every match once, in order, nothing else (the confidential one only for the officer)
    assert seen == expected and len(expected) >= 5
    assert "Page 1" in pages[0] and "Page 1 of" not in pages[0]  # more than the list counts
    assert f"Page {len(pages)}" in pages[-1]
    # and Previous walks back from the last page, one page at a time
    back, walked = link(pages[-1], "prev"), []
    while back:
        page = client.get(reverse("documents:list") + back).content.decode()
        walked = shown(page) + walked
        back = link(page, "prev")
    assert walked == expected[: len(expected) - len(shown(pages[-1]))]


def test_a_search_is_read_along_the_numbers_only_in_a_register_that_large(settings):
    # given: a register of four documents
    from django.db import connection

    from documents.selectors import search_reads_along_numbers

    officer = UserFactory(officer=True)
    for _ in range(4):
        make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE documents_document")  # what autovacuum keeps
    # when / then: the threshold is PostgreSQL's estimate of the register; 0 is always
    settings.QMS_SEARCH_ALONG_NUMBERS_FROM = 0
    assert search_reads_along_numbers()
    settings.QMS_SEARCH_ALONG_NUMBERS_FROM = 4
    assert search_reads_along_numbers() == (connection.vendor == "postgresql")  # SQLite: no estimate
    settings.QMS_SEARCH_ALONG_NUMBERS_FROM = 5
    assert not search_reads_along_numbers()


def test_the_list_without_a_search_asks_nothing_of_the_register_size(client, monkeypatch):
    # given: more documents than the list counts
    from documents import selectors
    from qms import paging

    officer = UserFactory(officer=True)
    for _ in range(3):
        make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, title="Quy trình {}")
    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)
    asked = []
    size_check = selectors.search_reads_along_numbers
    monkeypatch.setattr(selectors, "search_reads_along_numbers", lambda: asked.append(1) or size_check())
    client.force_login(UserFactory(staff=True))
    # when: the plain list, then a search that matches them all
    client.get(reverse("documents:list"))
    plain = len(asked)
    client.get(reverse("documents:list"), {"q": "quy trinh"})
    # then: only the search asks how large the register is (a query on PostgreSQL)
    assert (plain, len(asked)) == (0, 1)
