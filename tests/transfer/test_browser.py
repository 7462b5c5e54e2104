"""The officer's flow in a browser: upload -> dry-run report -> Import -> progress bar -> summary."""

import pytest

from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, write_zip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dry_run_then_import_with_progress(page, tmp_path):
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP")
    officer = UserFactory(officer=True)
    archive = write_zip(
        tmp_path / "set.zip",
        [(f"QT-VP-{n:02}_rev01.docx", docx(f"Quy trình {n}")) for n in range(1, 4)] + [("../x.docx", b"x")],
    )
    browser_login(page, officer.username, PASSWORD)
    page.goto("/transfer/import/")
    page.set_input_files("input[name=archive]", str(archive))
    page.get_by_role("button", name="Dry run").click()
    page.wait_for_selector("text=will create the document")
    assert page.locator("text=path outside the archive refused").count() == 1
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_selector("#import-progress [data-status=done]")
    assert page.locator("#import-bar").get_attribute("value") == "4"
    assert "3 imported, 1 skipped, 0 failed" in page.locator("#import-progress").inner_text()
