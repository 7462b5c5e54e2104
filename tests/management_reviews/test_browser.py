"""The issue's 'Done when' in a real browser (Debian's chromium via Playwright): the officer
records a risk and an objective, the owner enters two measurements, the officer prepares a
management review and sees every 9.3.2 section filled, records a decision as an action,
the chair signs the minutes with the password, the PDF shows the sections and the
signature, and the next review lists that action in its input (a)."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from management_reviews import inputs
from management_reviews.models import ManagementReview
from organisation.roles import Role
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory
from tests.management_reviews.factories import head

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _as(chromium, live_server, user, width=1280):
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, user.username, PASSWORD)
    return page


def _objective_year(today):
    """The year of the objective measured in the test: this year, but last year in
    January, when this year has one monthly period so far and the test records two."""
    return today.year if today.month > 1 else today.year - 1


def _plan(page, *, title, chair, today):
    page.goto("/management-reviews/new/")
    page.fill("#id_title", title)
    page.fill("#id_period_start", f"{_objective_year(today)}-01-01")
    # to the end of this month: the month's measurement (period ending then) falls in it
    next_month = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    page.fill("#id_period_end", (next_month - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_meeting_date", today.isoformat())
    page.select_option("#id_chair", str(chair.pk))
    page.click("button[type=submit]:has-text('Plan the review')")
    page.click("button:has-text('Prepare the inputs')")
    expect(page.locator(".mr-section")).to_have_count(len(inputs.ITEMS))


def test_officer_prepares_the_review_from_live_data_and_the_chair_signs_it(chromium, live_server):
    # given
    today = timezone.localdate()
    department = DepartmentFactory(code="MC", name="Bộ phận một cửa")
    officer = UserFactory(officer=True, username="thuky", roles=[Role.OFFICER, Role.STAFF])
    owner = UserFactory(
        staff=True, username="chutri", first_name="Hoa", last_name="Lê", departments=[department]
    )
    chair = head(username="giamdoc", first_name="Thành", last_name="Nguyễn")
    page = _as(chromium, live_server, officer)

    # when: the officer records a risk and an objective
    page.goto("/risks/new/")
    page.fill("#id_title", "Trả kết quả hồ sơ trễ hạn")
    page.select_option("#id_department", str(department.pk))
    page.fill("#id_description", "Hồ sơ tuyển sinh dồn vào tháng 7.")
    page.select_option("#id_likelihood", "4")
    page.select_option("#id_impact", "4")
    page.select_option("#id_owner", str(owner.pk))
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_contain_text("Trả kết quả hồ sơ trễ hạn")
    page.goto("/objectives/new/")
    page.select_option("#id_department", str(department.pk))
    page.fill("#id_statement", "95% hồ sơ được trả đúng hạn")
    page.fill("#id_year", str(_objective_year(today)))
    page.fill("#id_indicator_name", "Tỷ lệ hồ sơ đúng hạn")
    page.fill("#id_unit", "%")
    page.fill("#id_target", "95")
    page.fill("#id_threshold", "90")
    page.select_option("#id_direction", "up")
    page.select_option("#id_frequency", "monthly")
    page.select_option("#id_owner", str(owner.pk))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/objectives/\d+/$"))
    objective_url = page.url

    # and the owner enters two measurements
    owner_page = _as(chromium, live_server, owner, width=390)
    for index, value in ((1, "91"), (0, "96")):
        owner_page.goto(objective_url)
        owner_page.select_option("#id_period_start", index=index)
        owner_page.fill("#id_value", value)
        owner_page.locator("form[action$='/measure/'] button[type=submit]").click()
    expect(owner_page.locator("tr[id^=measurement-]")).to_have_count(2)

    # and the officer prepares the review
    _plan(page, title="Xem xét của lãnh đạo năm nay", chair=chair, today=today)

    # then: every 9.3.2 section is filled from the data (d is the officers' own text)
    for key in inputs.ITEMS:
        section = page.locator(f"#section-{key}")
        if key == "d":
            continue
        expect(section.locator("table tr").first).to_be_visible()
    expect(page.locator("#section-b")).to_contain_text("Risks and opportunities added")
    expect(page.locator("#section-c2")).to_contain_text("Quality objectives")
    expect(page.locator("#section-c5 tr", has_text="Measurements recorded")).to_contain_text("2")

    # when: a decision is recorded as an action and the meeting held
    page.select_option("#id_kind", "resource_need")
    page.select_option("#id_owner", str(owner.pk))
    page.fill("#id_due_date", (today + datetime.timedelta(days=60)).isoformat())
    page.fill("#id_description", "Bổ sung 01 cán bộ một cửa mùa tuyển sinh")
    page.click("button:has-text('Record the decision')")
    expect(page.locator("#decisions ~ table")).to_contain_text("Bổ sung 01 cán bộ một cửa")
    page.click("button:has-text('Record the meeting as held')")

    # and the chair signs with the password (a wrong one first)
    review = ManagementReview.objects.get(title="Xem xét của lãnh đạo năm nay")
    chair_page = _as(chromium, live_server, chair, width=390)
    chair_page.goto(f"/management-reviews/{review.pk}/")
    chair_page.fill("#id_password", "wrong")
    chair_page.click("#sign button[type=submit]")
    expect(chair_page.locator("#sign .invalid-feedback")).to_be_visible()
    chair_page.fill("#id_password", PASSWORD)
    chair_page.click("#sign button[type=submit]")
    expect(chair_page.locator(".badge", has_text="Minutes signed")).to_be_visible()

    # then: the PDF shows the sections and the signature
    pdf = chair_page.request.get(f"/management-reviews/{review.pk}/minutes.pdf")
    assert pdf.status == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    for title in ("Status of actions from previous", "Audit results", "Opportunities for improvement"):
        assert title in text
    assert "Approved by (chair)" in text and "Nguyễn" in text and "Bổ sung 01 cán bộ" in text

    # and the next review lists the action in its input (a)
    _plan(page, title="Xem xét của lãnh đạo lần sau", chair=chair, today=today)
    expect(page.locator("#section-a")).to_contain_text("Bổ sung 01 cán bộ một cửa")
    for each in (page, owner_page, chair_page):
        each.context.close()
