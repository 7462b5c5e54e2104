"""The coverage page's charts (issue 16 item 9): every bar links to the audit list
filtered to exactly the audits it counts."""

import html
import re

import pytest
from django.urls import reverse

from tests.audits.factories import PLAN_DATE, make_audit, qualified_auditor
from tests.documents.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]+)" aria-label="([^"]+): (\d+)">')


def test_every_bar_of_the_coverage_charts_opens_a_list_with_its_figure(client):
    # given audits in two departments, at different stages, and one the next year
    lead = qualified_auditor()
    finance, personnel = DepartmentFactory(code="KH"), DepartmentFactory(code="TC")
    make_audit(lead=lead, departments=[finance], status="reported", title="A")
    make_audit(lead=lead, departments=[finance, personnel], status="in_progress", title="B")
    make_audit(lead=lead, departments=[personnel], title="C")
    make_audit(
        lead=lead, departments=[personnel], title="D", start=PLAN_DATE.replace(year=PLAN_DATE.year + 1)
    )
    client.force_login(UserFactory(officer=True))

    # when
    page = client.get(reverse("audits:coverage", args=[PLAN_DATE.year])).content.decode()

    # then every bar's figure is the number of audits its list shows
    links = LINK.findall(page)
    assert len(links) >= 4
    for href, label, figure in links:
        listed = client.get(html.unescape(href)).content.decode()
        count = re.search(r'class="result-count"[^>]*>(\d+) audits?', listed)
        assert count and count.group(1) == figure, (label, href)
    month = f"{PLAN_DATE:%m/%Y}"
    assert {label: int(figure) for _, label, figure in links} == {
        f"{month} · Done": 1,
        f"{month} · Planned or in progress": 2,
        "KH · Phòng KH · Done": 1,
        "KH · Phòng KH · Planned or in progress": 1,
        "TC · Phòng TC · Planned or in progress": 2,
    }
