"""Home page, figures first (issue 16 item 9: "home shows lists but no figures"): each tile
counts what the user has to do and links to the list that shows exactly those rows; the
home page's query count does not grow with the data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals import services as approval_services
from documents.workflow import DocumentStatus
from nonconformities.models import CorrectiveAction
from nonconformities.workflow import NonconformityStatus
from tests.audits.factories import make_audit, qualified_auditor
from tests.documents.factories import UserFactory, advance_version, make_document
from tests.nonconformities.factories import Cast, make_nc, report

pytestmark = pytest.mark.django_db

TILE_RE = re.compile(
    r'<a class="tile[^"]*" href="(?P<url>[^"]+)"><span class="tile-figure">(?P<figure>\d+)</span> '
    r'<span class="tile-label">(?P<label>[^<]+)</span></a>'
)


def tiles(client) -> dict[str, tuple[int, str]]:
    page = client.get(reverse("home")).content.decode()
    return {m["label"]: (int(m["figure"]), m["url"].replace("&amp;", "&")) for m in TILE_RE.finditer(page)}


def rows_listed(client, url) -> int:
    """Data rows of the tables on the page (an empty table's one 'nothing here' row is no row)."""
    page = client.get(url).content.decode()
    bodies = re.findall(r"<tbody>(.*?)</tbody>", page, flags=re.S)
    return sum(
        1 for body in bodies for row in re.findall(r"<tr\b.*?</tr>", body, flags=re.S) if "colspan" not in row
    )


def build(cast, *, readers_department=True):
    """What each tile counts, one of each, plus rows each filter must leave out."""
    officer = cast.officer
    approver = UserFactory(approver=True, username="approver")
    # to sign: a version in review on the default route (any approver)
    make_document(officer=officer, title="Quy trình chờ ký", status=DocumentStatus.IN_REVIEW)
    # to read: an effective version distributed to the cast's department
    document = make_document(officer=officer, title="Quy trình phải đọc", department=cast.department)
    approval_services.distribution_set(
        actor=officer, document=document, departments=[cast.department], groups=[], no_readers=False
    )
    advance_version(document.versions.get(), DocumentStatus.EFFECTIVE, officer=officer, approver=approver)
    # NCs: one open with an overdue action, one open without, one closed
    late = make_nc(cast, NonconformityStatus.ACTION_PLAN, title="Hành động trễ hạn")
    CorrectiveAction.objects.filter(nonconformity=late).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    report(cast, title="Mới mở")
    make_nc(cast, NonconformityStatus.CLOSED, title="Đã đóng")
    # audits: one planned in ten days, one planned in the past (not "coming"), one started
    lead = qualified_auditor(username="lead")
    today = timezone.localdate()
    make_audit(lead=lead, departments=[cast.department], start=today + datetime.timedelta(days=10))
    make_audit(lead=lead, departments=[cast.department], start=today - datetime.timedelta(days=30))
    make_audit(
        lead=lead,
        departments=[cast.department],
        start=today - datetime.timedelta(days=2),
        status="in_progress",
    )
    return approver, lead


def test_each_tile_counts_exactly_the_rows_of_the_list_it_opens(client):
    # given a year's worth of work in miniature
    cast = Cast()
    approver, lead = build(cast)
    # (expected figures, written by hand from build(): user -> {tile: figure})
    expected = {
        cast.owner: {"To read": 1, "NCs open": 2, "Actions overdue": 1},
        approver: {"To read": 0, "To sign": 1},
        cast.officer: {
            "To read": 0,
            "NCs open": 2,
            "Actions overdue": 1,
            "Audits coming": 1,
            "Reviews due": 0,
        },
        lead: {"Audits coming": 1},
    }
    for user, figures in expected.items():
        client.force_login(user)
        shown = tiles(client)
        # then the home page shows these figures (other apps may add tiles of their own)
        assert {label: shown[label][0] for label in figures if label in shown} == figures, user.username
        # and each tile's list shows exactly as many rows as its figure
        for label, (figure, url) in shown.items():
            if label in figures:
                assert rows_listed(client, url) == figure, (user.username, label, url)


def test_a_staff_member_sees_no_officer_figures(client):
    cast = Cast()
    client.force_login(cast.stranger)
    shown = tiles(client)
    assert shown["To read"][0] == 0
    assert not {"To sign", "Reviews due", "Actions overdue", "Audits coming"} & set(shown)


def test_the_home_page_query_count_does_not_grow_with_the_data(client):
    # given an officer's home page with a little data, then with more of everything
    cast = Cast()
    build(cast)
    client.force_login(cast.officer)
    client.get(reverse("home"))  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for n in range(3):
        report(cast, title=f"Thêm {n}")
        make_document(officer=cast.officer, title=f"Thêm {n}", status=DocumentStatus.IN_REVIEW)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("home"))
    # then the number of queries stays the same, and stays small
    assert len(more) == len(few)
    assert len(few) <= 16  # the tiles are one query (qms.ui.tiles_for), not one each
