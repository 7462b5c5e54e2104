"""The NC dashboard in a real browser (issue 16 problem 9): chart text readable on a phone,
every bar a link to the register filtered to exactly what the bar counts."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nonconformities.models import Nonconformity
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD
from tests.nonconformities.factories import Cast, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_chart_bar_opens_the_list_it_counts_and_its_text_is_readable_on_a_phone(page):
    # given three open NCs from two sources, detected this month and two months ago
    cast = Cast()
    today = timezone.localdate()
    # (both in this month whatever day it is: on the 1st, "yesterday" is last month)
    for detected, source in [
        (today, "feedback"),
        (today.replace(day=1), "feedback"),
        (today - datetime.timedelta(days=62), "supplier"),
    ]:
        report(cast, source=source, date_detected=detected)
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "officer", PASSWORD)

    # when the officer opens the dashboard on a phone
    page.goto("/nonconformities/dashboard/")

    # then no chart text is drawn under 12 px, on screen (not only in the markup)
    sizes = page.eval_on_selector_all(
        "svg.qms-chart text", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 12
    # and the whole label of a bar is drawn (nothing truncated with an ellipsis)
    source_chart = page.locator("svg.qms-chart", has=page.locator("title", has_text="Open by source"))
    drawn_labels = " ".join(source_chart.locator("tspan").all_text_contents())
    assert "Citizen or customer feedback / complaint" in drawn_labels
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # when the feedback bar is tapped
    bar = source_chart.get_by_role(
        "link",
        name=re.compile(r"^Citizen or customer feedback \/ complaint: \d+$"),  # "/" escaped for Playwright
    )
    figure = int(bar.get_attribute("aria-label").rsplit(": ", 1)[1])
    bar.click()

    # then the register lists exactly the records the bar counted
    expect(page).to_have_url(re.compile(r"/nonconformities/\?.*source=feedback"))
    expect(page.locator(".result-count")).to_have_text(f"{figure} results")
    assert figure == Nonconformity.objects.filter(source="feedback").count() == 2

    # and a month of the trend opens the records detected that month
    page.goto("/nonconformities/dashboard/")
    month = f"{today:%m}\\/{today.year}"  # "/" escaped for Playwright
    point = page.get_by_role("link", name=re.compile(rf"^{month} · Opened: \d+$"))
    figure = int(point.get_attribute("aria-label").rsplit(": ", 1)[1])
    point.click()
    expect(page.locator(".result-count")).to_have_text(f"{figure} result" + ("s" if figure != 1 else ""))
    assert figure == Nonconformity.objects.filter(date_detected__month=today.month).count()
