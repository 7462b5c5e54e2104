"""PostgreSQL full-text search (search/migrations/0003): the unaccented ``simple``
configuration, the version vector kept by triggers when the document's title changes,
ts_rank ordering, and the main query answered from the GIN indexes. Skipped on SQLite,
where the search reads the folded pages (tests/search/test_search.py runs on both)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from search import selectors
from search.models import VersionText
from tests.search import files
from tests.search.conftest import module_world, people_and_places, register

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search"),
]


def _world():
    world = people_and_places()
    common = {"officer": world["officer"], "department": world["department"], "doc_type": world["procedure"]}
    world["body_once"] = register(
        title="Hướng dẫn tuyển sinh",
        file_name="a.docx",
        content=files.docx_pages(["Đơn đề nghị phúc khảo bài thi gửi Phòng Khảo thí."]),
        **common,
    )
    world["body_often"] = register(
        title="Quy định về bài thi",
        file_name="b.docx",
        content=files.docx_pages(["Phúc khảo bài thi. Kết quả phúc khảo. Hội đồng phúc khảo bài thi."]),
        **common,
    )
    world["in_title"] = register(
        title="Quy trình phúc khảo bài thi",
        file_name="c.docx",
        content=files.docx_pages(["Trình tự thực hiện."]),
        **common,
    )
    return world


@pytest.fixture(scope="module")
def world(module_media, django_db_setup, django_db_blocker):
    yield from module_world(django_db_blocker, _world)


def _titles(user, query):
    return [v.document.title for v in selectors.search_versions(user, query).select_related("document")]


def test_the_configuration_folds_marks_and_d_with_stroke():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('qms_search', 'Đơn ĐỀ NGHỊ phúc khảo Đắk Lắk')::text")
        assert cursor.fetchone()[0] == "'dak':6 'de':2 'don':1 'khao':5 'lak':7 'nghi':3 'phuc':4"


def test_ranked_by_ts_rank_title_first_then_the_body_that_says_it_most(world):
    assert _titles(world["staff"], "phuc khao") == [
        "Quy trình phúc khảo bài thi",
        "Quy định về bài thi",
        "Hướng dẫn tuyển sinh",
    ]
    assert _titles(world["staff"], '"khao bai"') == [
        "Quy trình phúc khảo bài thi",
        "Quy định về bài thi",
        "Hướng dẫn tuyển sinh",
    ]
    assert _titles(world["staff"], '"khảo thí"') == ["Hướng dẫn tuyển sinh"]
    assert _titles(world["staff"], "phuc kh*") == _titles(world["staff"], "phuc khao")


def test_a_new_title_is_found_and_the_old_one_no_longer(world):
    document = Document.objects.get(pk=world["body_once"].document_id)
    document.title = "Hướng dẫn chuyển trường"
    document.save()
    assert _titles(world["staff"], "chuyen truong") == ["Hướng dẫn chuyển trường"]
    assert _titles(world["staff"], "tuyen sinh") == []
    assert _titles(world["staff"], "chuyen truong phuc khao") == ["Hướng dẫn chuyển trường"]  # title + body


def test_the_main_query_uses_the_gin_indexes(world):
    with CaptureQueriesContext(connection) as executed:
        selectors.search(world["staff"], "phuc khao")
    plans = []
    with connection.cursor() as cursor:
        # a few rows in the test database: ask for the plan an index can give
        for setting in ("enable_seqscan", "enable_indexscan", "enable_nestloop"):
            cursor.execute(f"SET LOCAL {setting} = off")
        for query in executed.captured_queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert any("search_versiontext_vector_gin" in plan for plan in plans)
    assert any("search_document_text_trgm" in plan for plan in plans)


def test_every_extracted_version_has_its_vector(world):
    assert not VersionText.objects.filter(vector=None).exists()


def test_many_matches_the_user_may_not_see_first_still_find_those_they_may(world, monkeypatch):
    # given: a body word in five confidential documents registered first, then in three
    # internal ones; the search looks at the first 4 matches before asking of them all
    common = {"officer": world["officer"], "department": world["department"], "doc_type": world["procedure"]}
    for n in range(5):
        register(
            title=f"Mật {n}",
            file_name=f"m{n}.docx",
            content=files.docx_pages(["Hồ sơ lưu trữ điện tử."]),
            confidential=True,
            **common,
        )
    for n in range(3):
        register(
            title=f"Công khai {n}",
            file_name=f"c{n}.docx",
            content=files.docx_pages(["Hồ sơ lưu trữ điện tử."]),
            **common,
        )
    monkeypatch.setattr(selectors, "FEW_MATCHES", 3)
    monkeypatch.setattr(selectors, "RESULT_LIMIT", 2)
    # when: staff (no grant) searches the word
    results = selectors.search(world["staff"], "dien tu")
    titles = {v.document.title for v in results.versions.select_related("document")}
    # then: two of the three internal documents (the limit), more said to be there, and
    # nothing confidential
    assert results.capped and results.count == 2
    assert len(titles) == 2 and all(title.startswith("Công khai") for title in titles)
