"""An officer on a phone: issues a controlled copy, prints it, finds it to retrieve once
the version is superseded; a reader's PDF leads to the status page (Debian's chromium
via Playwright). One transactional test: each one empties and reloads the database."""

from urllib.parse import urlsplit

import pytest

from documents import services as document_services
from documents.workflow import DocumentStatus
from renditions.models import ControlledCopy
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, UserFactory, advance_version, make_document
from tests.renditions.pdftext import all_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_issues_prints_and_later_retrieves_a_controlled_copy_on_a_phone(page):
    # given an effective procedure
    officer = UserFactory(officer=True, username="thuky", first_name="Thư", last_name="Ký")
    document = make_document(
        officer=officer,
        title="Quy trình cấp bản sao văn bằng",
        status=DocumentStatus.EFFECTIVE,
        file_name=None,
    )
    version = document.versions.get()
    page.set_viewport_size({"width": 360, "height": 780})
    browser_login(page, officer.username, PASSWORD)
    # when the officer issues copy No. 1 from the version page
    page.goto(f"/versions/{version.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Issue a controlled copy").click()
    page.fill("input[name=holder_name]", "Bộ phận một cửa")
    page.get_by_role("button", name="Issue copy").click()
    # then it is listed on the version page and prints as a controlled copy
    assert "Bộ phận một cửa" in page.inner_text("#renditions")
    response = page.request.get(f"/renditions/copies/{ControlledCopy.objects.get().pk}/pdf/")
    assert "CONTROLLED COPY No. 1" in all_text(response.body())
    # when revision 02 takes over
    newer = document_services.version_create_draft(
        actor=officer, document=document, body="Bản mới", change_summary="Sửa đổi thời hạn"
    )
    advance_version(newer, DocumentStatus.EFFECTIVE, officer=officer)
    # then the copies page lists it for retrieval, and the officer records it
    page.goto("/renditions/copies/?state=to_retrieve")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Bộ phận một cửa" in page.inner_text("table")
    page.fill("input[name=note]", "Đã thu hồi, hủy bản cũ")
    page.get_by_role("button", name="Record retrieval").click()
    assert "recorded as retrieved" in page.inner_text(".messages")
    assert not ControlledCopy.objects.get().is_out
    # and a reader's download of the new revision points at a status page that says it is current
    reader_sees_current_status(page, newer)


def reader_sees_current_status(page, version):
    staff = UserFactory(staff=True)
    page.context.clear_cookies()
    browser_login(page, staff.username, PASSWORD)
    page.goto(f"/versions/{version.pk}/")
    pdf = page.request.get(page.get_by_role("link", name="Download PDF").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = all_text(pdf.body())
    assert "UNCONTROLLED COPY WHEN PRINTED" in text
    status_url = next(word for word in text.split() if "/s/" in word)
    # the printed address works without logging in
    page.context.clear_cookies()
    page.goto(urlsplit(status_url).path)  # SITE_URL names the real host; the live server differs
    assert "This is the effective version." in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
