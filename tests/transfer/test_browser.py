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


def test_batch_page_of_many_rows_pages_and_fits_a_phone(page, tmp_path):
    # given a plan of 150 unreadable file names (errors, with long names) and one document
    from transfer.services import batch_plan

    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP")
    officer = UserFactory(officer=True)
    members = [(f"ho-so-luu-tru/nam-2019/tai-lieu-khong-ro-so-hieu-{n:05d}.docx", b"x") for n in range(150)]
    batch = batch_plan(
        actor=officer,
        source=write_zip(tmp_path / "set.zip", [*members, ("QT-VP-01_rev01.docx", docx())]),
    )
    browser_login(page, officer.username, PASSWORD)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        # when the officer opens the batch page
        page.goto(f"/transfer/import/{batch.pk}/")
        # then the first page of rows, a Next link, nothing wider than the screen
        assert page.locator("#rows tbody tr").count() == 100
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"batch-{width}.png"), full_page=False)
    # and the errors filter, then its next page
    page.select_option("select[name=show]", "errors")
    page.get_by_role("button", name="Show", exact=True).click()
    page.get_by_role("link", name="Next »").click()
    assert "show=errors" in page.url and "page=2" in page.url
    assert page.locator("#rows tbody tr").count() == 50
