"""In a real browser (Debian's chromium): the officer records a risk and sets an objective,
the owner enters two measurements and sees them on the chart against the target."""

import datetime

import pytest

from tests.conftest import browser_login
from tests.documents.factories import PASSWORD
from tests.objectives.factories import People

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_a_risk_and_an_objective_owner_measures_and_sees_the_chart(page):
    # given
    people = People()
    year = datetime.date.today().year - 1  # every month of it can be measured
    browser_login(page, "officer", PASSWORD)
    # when: the officer records a risk
    page.goto("/risks/new/")
    page.fill("#id_title", "Trả kết quả quá hạn")
    page.select_option("#id_department", str(people.department.pk))
    page.fill("#id_description", "Hồ sơ bị trả quá hạn vào cao điểm.")
    page.select_option("#id_likelihood", "4")
    page.select_option("#id_impact", "3")
    page.select_option("#id_owner", str(people.owner.pk))
    page.click("main button[type=submit]")
    # then
    assert page.locator("h1").inner_text().startswith("RR-")
    assert "12 · High" in page.locator("main").inner_text()
    # when: the officer sets an objective
    page.goto("/objectives/new/")
    page.fill("#id_year", str(year))
    page.select_option("#id_department", str(people.department.pk))
    page.fill("#id_statement", "Trả kết quả đúng hạn")
    page.fill("#id_indicator_name", "Tỷ lệ hồ sơ đúng hạn")
    page.fill("#id_unit", "%")
    page.fill("#id_target", "95")
    page.fill("#id_threshold", "90")
    page.select_option("#id_owner", str(people.owner.pk))
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Tỷ lệ hồ sơ đúng hạn"
    objective_url = page.url
    # when: the owner records two months
    page.context.clear_cookies()
    browser_login(page, "owner", PASSWORD)
    page.goto(objective_url)
    for month, value in (("01", "92"), ("02", "97.5")):
        page.select_option("#id_period_start", f"{year}-{month}-01")
        page.fill("#id_value", value)
        page.click("form[action$='/measure/'] button[type=submit]")
        assert "The measurement is recorded." in page.locator("main").inner_text()
    # then: both on the chart (a link each to its row), the target drawn, status on track
    bars = page.locator("svg.qms-chart a[href*='#measurement-']")
    assert bars.count() == 2
    assert "97.5" in page.locator("svg.qms-chart").inner_html()
    assert "Target" in page.locator("svg.qms-chart").text_content()
    assert page.locator(".badge", has_text="On track").count() == 1
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
