"""Accent-insensitive, phrase and prefix queries, ranking, snippets with page numbers,
facets, the API, and the visibility rule inside the query: a word only in a draft or only
in a confidential document finds nothing for staff (no count, no facet, no snippet)."""

import pytest

from search import selectors
from tests.documents.factories import PASSWORD, UserFactory
from tests.search import files
from tests.search.conftest import module_world, people_and_places, register

pytestmark = pytest.mark.django_db

BODY_PAGES = [
    "1. Mục đích\nQuy định trình tự tiếp nhận đơn đề nghị.",
    "5. Nội dung\nPhòng Đào tạo cấp bản sao văn bằng, chứng chỉ từ sổ gốc trong ba ngày làm việc.",
    "6. Hồ sơ lưu\nSổ theo dõi cấp bản sao, lưu 10 năm.",
]
DRAFT_ONLY = "Dự thảo có từ khoámậtdựthảo chỉ ở bản nháp."
CONFIDENTIAL_ONLY = "Tài liệu mật ghi từ thanhtratuyệtmật ở trang này."
OLD_ONLY = "Bản cũ quy định lệphíxưa là hai mươi nghìn đồng."


def _world():
    world = people_and_places()
    common = {"officer": world["officer"], "department": world["department"], "doc_type": world["procedure"]}
    world["diplomas"] = register(
        title="Quy trình cấp bản sao văn bằng",
        file_name="qt.pdf",
        content=files.pdf_pages(BODY_PAGES),
        **common,
    )
    world["form"] = register(
        title="Mẫu sổ theo dõi",
        file_name="bm.docx",
        content=files.docx_pages(["Sổ theo dõi việc cấp bản sao"]),
        officer=world["officer"],
        department=world["other_department"],
        doc_type=world["form_type"],
    )
    world["draft"] = register(
        title="Quy trình dự thảo",
        file_name="dt.docx",
        content=files.docx_pages([DRAFT_ONLY]),
        status="draft",
        **common,
    )
    world["secret"] = register(
        title="Quy trình thanh tra nội bộ",
        file_name="mat.docx",
        content=files.docx_pages(["Trang một", CONFIDENTIAL_ONLY]),
        confidential=True,
        **common,
    )
    world["reader"] = UserFactory(staff=True)
    world["grant"](document=world["secret"].document, user=world["reader"])
    world["old"] = register(
        title="Quy định lệ phí",
        file_name="lp.docx",
        content=files.docx_pages([OLD_ONLY]),
        status="superseded",
        **common,
    )
    return world


@pytest.fixture(scope="module")
def world(module_media, django_db_setup, django_db_blocker):
    yield from module_world(django_db_blocker, _world)


def _found(user, query, **kwargs):
    return [
        v.document.title for v in selectors.search_versions(user, query, **kwargs).select_related("document")
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cap ban sao", ["Quy trình cấp bản sao văn bằng", "Mẫu sổ theo dõi"]),  # title first, then body
        ("CẤP BẢN SAO", ["Quy trình cấp bản sao văn bằng", "Mẫu sổ theo dõi"]),
        ("phong dao tao so goc", ["Quy trình cấp bản sao văn bằng"]),  # đ -> d, words on one page
        ('"van bang chung chi"', ["Quy trình cấp bản sao văn bằng"]),
        ('"chung chi van bang"', []),  # the words, not in that order
        ("chung*", ["Quy trình cấp bản sao văn bằng"]),
        ("chun", []),  # a word is a whole word; chun* for a prefix
        ("khongcoday", []),
    ],
)
def test_staff_queries_without_diacritics_phrases_and_prefixes(world, query, expected):
    assert _found(world["staff"], query) == expected


def test_snippets_mark_the_words_and_give_the_page(world):
    versions = list(selectors.search_versions(world["staff"], "cap ban sao so goc"))
    hits = selectors.hits_with_snippets(versions, "cap ban sao so goc")
    diplomas = next(hit for hit in hits if hit.version.pk == world["diplomas"].pk)
    page, snippet = diplomas.snippets[0]
    assert page == 2
    assert "<mark>cấp</mark> <mark>bản</mark> <mark>sao</mark>" in snippet
    assert "<mark>sổ</mark> <mark>gốc</mark>" in snippet


@pytest.mark.parametrize("word", ["khoamatduthao", "thanhtratuyetmat", "lephixua"])
def test_words_only_in_a_draft_a_confidential_or_an_old_revision_find_nothing_for_staff(world, word, client):
    staff = world["staff"]
    assert not selectors.search_versions(staff, word).exists()
    assert not selectors.search_versions(staff, word, statuses=["superseded", "obsolete"]).exists()
    client.login(username=staff.username, password=PASSWORD)
    page = client.get("/search/", {"q": word, "status": ["superseded", "obsolete"]}).content.decode()
    assert "0 documents found" in page
    for title in ("dự thảo", "thanh tra", "lệ phí", "mật"):
        assert title not in page.lower()
    api = client.get("/api/v1/search/", {"q": word}).json()
    assert api["count"] == 0 and api["results"] == []
    assert api["facets"] == {"doc_type": [], "department": [], "status": []}


def test_who_may_see_finds(world):
    assert _found(world["officer"], "thanhtratuyetmat") == ["Quy trình thanh tra nội bộ"]
    assert _found(world["reader"], "thanhtratuyetmat") == ["Quy trình thanh tra nội bộ"]
    assert _found(world["officer"], "lephixua") == []  # default scope: effective versions
    assert _found(world["officer"], "lephixua", statuses=["superseded"]) == ["Quy định lệ phí"]
    assert _found(world["officer"], "khoamatduthao") == []  # drafts are never in scope


def test_search_page_facets_filters_and_pdf_page_link(world, client):
    client.login(username=world["staff"].username, password=PASSWORD)
    page = client.get("/search/", {"q": "cap ban sao"}).content.decode()
    assert "2 documents found" in page
    assert f"/renditions/versions/{world['diplomas'].pk}/pdf/#page=2" in page
    assert 'Biểu mẫu</a> <span class="badge text-bg-secondary">1' in page
    filtered = client.get(
        "/search/", {"q": "cap ban sao", "doc_type": world["form_type"].pk}
    ).content.decode()
    assert "1 document found" in filtered and "Mẫu sổ theo dõi" in filtered
    bad = client.get("/search/", {"q": "x", "effective_from": "2026-05-01", "effective_to": "2026-01-01"})
    assert bad.status_code == 400 and "before its start" in bad.content.decode()


def test_api_gives_hits_with_snippets_and_refuses_an_empty_query(world, client):
    client.login(username=world["staff"].username, password=PASSWORD)
    data = client.get("/api/v1/search/", {"q": "so goc"}).json()
    assert data["count"] == 1
    hit = data["results"][0]
    assert hit["version_id"] == world["diplomas"].pk and hit["snippets"][0]["page"] == 2
    assert "<mark>sổ</mark> <mark>gốc</mark>" in hit["snippets"][0]["html"]
    assert client.get("/api/v1/search/", {"q": " "}).status_code == 400
    client.logout()
    assert client.get("/api/v1/search/", {"q": "so goc"}).status_code in (401, 403)


def test_more_hits_than_the_limit_are_said_and_the_title_hit_kept(world, client, monkeypatch):
    monkeypatch.setattr(selectors, "RESULT_LIMIT", 1)
    results = selectors.search(world["staff"], "cap ban sao")
    assert results.capped
    titles = [v.document.title for v in results.versions.select_related("document")]
    assert titles[0] == "Quy trình cấp bản sao văn bằng"  # the number/title hit first
    client.login(username=world["staff"].username, password=PASSWORD)
    page = client.get("/search/", {"q": "cap ban sao"}).content.decode()
    assert "More than 1 documents match" in page and "documents found" not in page
    assert client.get("/api/v1/search/", {"q": "cap ban sao"}).json()["capped"] is True
    assert client.get("/api/v1/search/", {"q": "so goc"}).json()["capped"] is False
