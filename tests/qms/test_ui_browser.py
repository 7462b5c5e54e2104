"""The public feedback pages and the lists on a desktop and a phone, in a real browser.
Set QMS_SHOTS_DIR to keep a screenshot of each page at each width."""

import os
from pathlib import Path

import pytest

from documents.workflow import DocumentStatus
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, DepartmentFactory, make_document
from tests.nonconformities.factories import Cast, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}


def _shot(page, name):
    folder = os.environ.get("QMS_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _lines(page, selector):
    """How many lines the text of each matching element takes."""
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = document.createRange(); r.selectNodeContents(e);"
        " const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top))); return tops.size; })",
    )


@pytest.mark.parametrize("device", WIDTHS)
def test_a_citizen_sends_feedback_and_opens_its_status_in_one_click(page, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    page.goto("/feedback/")
    _shot(page, f"feedback-form-{device}")
    assert _fits_the_screen(page)
    page.fill("input[name=subject]", "Hồ sơ trả chậm")
    page.fill("textarea[name=message]", "Tôi nộp hồ sơ ngày 01/11 nhưng chưa nhận kết quả.")
    page.click("form button[type=submit]")  # within a second: accepted
    reference = page.inner_text("#reference")
    assert reference.startswith("PA-")
    page.wait_for_selector("button[data-copy-target=reference]", state="visible")  # shown by copy.js
    assert _lines(page, "#reference") == [1]
    _shot(page, f"feedback-sent-{device}")
    assert _fits_the_screen(page)
    page.click("#status-link")
    assert page.inner_text("#status-label") == "Received"


@pytest.mark.parametrize("device", WIDTHS)
def test_the_lists_keep_numbers_and_dates_whole_and_fit_a_phone(page, device):
    department = DepartmentFactory(code="KTKD", name="Phòng Kinh tế và Kế hoạch Doanh nghiệp")
    cast = Cast(department=department)
    report(cast)
    for title in ("Quy trình tiếp nhận và trả kết quả hồ sơ hành chính", "Hướng dẫn lưu trữ"):
        make_document(
            officer=cast.officer, title=title, department=department, status=DocumentStatus.EFFECTIVE
        )
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    browser_login(page, "officer", PASSWORD)
    for name, url, cells in [
        ("documents", "/documents/", "td.num a, td span.nowrap"),
        ("nonconformities", "/nonconformities/", "td.num a, td.date"),
    ]:
        page.goto(url)
        _shot(page, f"{name}-{device}")
        assert _fits_the_screen(page)
        assert set(_lines(page, cells)) == {1}
        assert "result" in page.inner_text(".result-count")
        filters_open = page.eval_on_selector("details.filter-panel", "d => d.open")
        assert filters_open is (device == "desktop")
