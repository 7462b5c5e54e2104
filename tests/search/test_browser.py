"""Staff type without diacritics in the header's search box and open the hit at its page."""

import pytest

from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, UserFactory
from tests.search import files
from tests.search.conftest import people_and_places, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_search_from_the_header_and_open_the_pdf_at_the_page(page):
    world = people_and_places()
    version = register(
        officer=world["officer"],
        title="Quy trình cấp bản sao văn bằng",
        file_name="qt.pdf",
        content=files.pdf_pages(["1. Mục đích", "5. Nội dung\nPhòng Đào tạo cấp bản sao từ sổ gốc."]),
        department=world["department"],
        doc_type=world["procedure"],
    )
    staff = UserFactory(staff=True, username="nhanvien")
    browser_login(page, staff.username, PASSWORD)
    page.fill("#header-search-q", "so goc")
    page.press("#header-search-q", "Enter")
    page.wait_for_url("**/search/?q=so+goc")
    hit = page.locator(".search-hit")
    assert hit.count() == 1
    assert " ".join(hit.locator("mark").all_inner_texts()) == "sổ gốc"
    link = hit.get_by_role("link", name="page 2")
    href = link.get_attribute("href")
    assert href == f"/renditions/versions/{version.pk}/pdf/#page=2"
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
