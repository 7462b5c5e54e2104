"""Staff reading the current version in a real browser (Debian's chromium via Playwright)."""

import pytest

from documents.workflow import DocumentStatus
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, UserFactory, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_finds_effective_version_without_diacritics_and_never_sees_drafts(page, tmp_path):
    # given
    officer = UserFactory(officer=True)
    effective = make_document(
        officer=officer,
        title="Quy trình cấp bản sao văn bằng",
        status=DocumentStatus.EFFECTIVE,
        file_name="quy-trình-cấp-bản-sao.pdf",
    )
    draft = make_document(officer=officer, title="Quy trình tuyển sinh lớp 10", status=DocumentStatus.DRAFT)
    staff = UserFactory(staff=True, username="staff")
    # when
    browser_login(page, staff.username, PASSWORD)
    page.goto("/documents/")
    # the list's own search (the header's box goes to the search inside documents, tests/search)
    page.fill("main form.filters input[name=q]", "quy trinh cap ban sao")
    page.click("main form.filters button[type=submit]")
    # then
    page.get_by_role("link", name="Quy trình cấp bản sao văn bằng").click()
    page.get_by_role("link", name="Revision details").click()
    assert "Revision 01" in page.inner_text("h1")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download original").click()
    download = download_info.value
    assert download.suggested_filename == "quy-trình-cấp-bản-sao.pdf"
    saved = tmp_path / "copy.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == effective.versions.get().file.open("rb").read()

    page.goto("/documents/?q=tuyen+sinh")
    assert "No documents match." in page.content()
    assert page.goto(f"/versions/{draft.versions.get().pk}/").status == 404
