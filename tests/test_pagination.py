"""One pager for every paged list (templates/_pagination.html): its links keep the page's
other query parameters and replace only ``page``; it is shown only when there is more
than one page, in the user's language."""

from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory, make_document

ROOT = Path(__file__).resolve().parent.parent
PAGER = ROOT / "templates" / "_pagination.html"


def _pager(query: str, *, count=60, **context):
    request = RequestFactory().get(f"/somewhere/?{query}")
    page = Paginator(range(count), 25).get_page(request.GET.get("page"))
    return render_to_string("_pagination.html", {"page": page, **context}, request=request)


def test_the_links_keep_the_filters_and_replace_only_the_page():
    # when page 2 of 3 is shown for a filtered list
    html = _pager("q=quy+tr%C3%ACnh&status=effective&status=draft&page=2")
    # then both neighbours carry every filter, each value once, and one page number
    assert 'href="?q=quy+tr%C3%ACnh&amp;status=effective&amp;status=draft&amp;page=1"' in html
    assert 'href="?q=quy+tr%C3%ACnh&amp;status=effective&amp;status=draft&amp;page=3"' in html
    assert "Page 2 of 3" in html


def test_a_single_page_shows_no_pager():
    assert _pager("q=x", count=25).strip() == ""


def test_the_pager_speaks_vietnamese_and_takes_its_own_labels():
    with translation.override("vi"):
        html = _pager("page=2", previous_label="Mới hơn", next_label="Cũ hơn")
    assert "Trang 2/3" in html
    assert "« Mới hơn" in html and "Cũ hơn »" in html


def test_no_template_writes_a_pager_of_its_own():
    # every template that pages a list includes the one pager instead of writing links
    templates = [p for p in ROOT.glob("*/templates/**/*.html") if ".venv" not in p.parts]
    writing = [
        p.relative_to(ROOT).as_posix()
        for p in templates
        if p != PAGER and ("next_page_number" in p.read_text() or 'class="pagination"' in p.read_text())
    ]
    including = [p for p in templates if '{% include "_pagination.html"' in p.read_text()]
    assert writing == []
    assert len(including) >= 10


@pytest.mark.django_db
def test_the_document_list_pages_through_a_search_without_losing_it(client):
    # given 26 matching documents (one more than a page) and one that does not match
    officer = UserFactory(officer=True)
    doc_type, department = DocumentTypeFactory(), DepartmentFactory(code="VP", name="Văn phòng")
    for n in range(26):
        make_document(officer=officer, doc_type=doc_type, department=department, title=f"Quy trình {n}")
    make_document(officer=officer, doc_type=doc_type, department=department, title="Biểu mẫu")
    client.force_login(officer)
    # when the officer follows the pager from page 1
    first = client.get("/documents/", {"q": "quy trinh"}).content.decode()
    # (Next and Previous carry the number they continue from: keyset, issue 12)
    assert 'href="?q=quy+trinh&amp;page=2&amp;after=' in first
    second = client.get("/documents/", {"q": "quy trinh", "page": 2}).content.decode()
    # then page 2 holds the 26th match and not the document the search leaves out
    assert "Page 2 of 2" in second
    assert "Biểu mẫu" not in second
    assert 'href="?q=quy+trinh&amp;page=1&amp;before=' in second
