"""The NC dashboard's charts (issue 16 item 9): every bar and point links to the register
filtered to exactly the records it counts, the 12-month trend included."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from nonconformities.workflow import NonconformityStatus
from tests.nonconformities.factories import advance, report

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]+)" aria-label="([^"]+): (\d+)">')


def test_every_mark_of_the_dashboard_opens_a_register_with_its_figure(client, cast):
    # given open records of several sources, severities and ages, and a closed one
    today = timezone.localdate()
    report(cast, source="feedback", date_detected=today - datetime.timedelta(days=1))
    report(cast, source="supplier", severity="major", date_detected=today - datetime.timedelta(days=40))
    report(cast, source="feedback", date_detected=today - datetime.timedelta(days=100))
    advance(cast, report(cast, title="Đã khắc phục"), NonconformityStatus.CLOSED)
    client.force_login(cast.officer)

    # when
    page = client.get(reverse("nonconformities:dashboard")).content.decode()

    # then each mark's figure is the register's result count for its link
    links = LINK.findall(page)
    assert len(links) > 15  # 12 months x (opened, closed) points and bars, plus the open-record bars
    for href, label, figure in links:
        listed = client.get(html.unescape(href)).content.decode()
        count = re.search(r'class="result-count"[^>]*>(\d+) results?', listed)
        assert count and count.group(1) == figure, (label, href)
    figures = {html.unescape(label): int(figure) for _, label, figure in links}
    assert figures["Citizen or customer feedback / complaint"] == 2
    assert figures["> 90"] == 1
    assert figures[f"{today:%m/%Y} · Closed"] == 1
