"""The sign page in a real browser (Debian's chromium via Playwright): the signer sees the
pages being signed and who will read it, nothing is chosen for them, signing without a
decision is refused with a message, then approving signs (issue 16, problem 4)."""

import pytest
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, transaction

from approvals.services import distribution_set
from documents import services as document_services
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _flush_documents_first(transactional_db):
    """SQLite: empty documents_document first (its frozen-version delete trigger), as in
    tests/approvals/test_browser.py."""
    yield
    if connection.vendor != "sqlite":
        return
    statements = sql_flush(no_style(), connection)
    statements.sort(key=lambda sql: '"documents_document"' not in sql)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_signer_reads_the_pages_and_must_choose_a_decision(chromium, live_server, seeded_rows, width):
    # given a first revision (DOCX) in review, distributed to a department of one reader
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT", name="Kế toán")
    UserFactory(staff=True, departments=[kt])
    approver = UserFactory(approver=True)
    document = make_document(officer=officer, file_name="quy-trinh.docx")
    distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    version = document_services.version_submit(actor=officer, version=document.versions.get())
    context = chromium.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900}
    )
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        browser_login(page, approver.username, PASSWORD)
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        # when the approver opens the sign page
        page.goto(f"/approvals/versions/{version.pk}/sign/")
        # then the pages being signed are drawn on it, and the readers are counted
        first = page.locator("#document-pages img").first
        first.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
        assert first.bounding_box()["width"] <= width
        assert "First revision: nothing to compare." in page.locator("#changes").inner_text()
        assert "1 reader will be asked to read it and confirm" in page.locator("#readers").inner_text()
        # nothing is chosen for the signer; signing without a choice is refused with a message
        radios = page.locator("input[name=decision]")
        assert radios.count() == 3
        assert not any(radios.nth(i).is_checked() for i in range(3))
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Sign").click()
        assert (
            "Choose your decision: approve, request changes or reject." in page.locator("#sign").inner_text()
        )
        version.refresh_from_db()
        assert version.status == "in_review"
        # choosing Approve signs
        page.get_by_label("Approve").check()
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Sign").click()
        page.wait_for_url(f"**/versions/{version.pk}/")
        version.refresh_from_db()
        assert version.status == "effective"
    finally:
        context.close()
