"""An owner records a periodic review on a phone-sized screen (Debian's chromium via Playwright)."""

import datetime

import pytest
from django.utils import timezone

from qms.reference_data import reference_data_ensure
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, UserFactory
from tests.reviews.factories import effective_document, effective_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _empty_documents_first():
    """SQLite only: the flush after a transactional test deletes tables in no fixed order,
    and the frozen-version delete trigger (documents 0004) lets approved versions go only
    once their document is gone. Empty every table ourselves, documents first, in one
    transaction (foreign keys are deferred), before pytest-django's flush."""
    yield
    from django.core.management.color import no_style
    from django.core.management.sql import sql_flush
    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        return
    statements = sorted(sql_flush(no_style(), connection), key=lambda sql: '"documents_document"' not in sql)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def test_owner_follows_the_home_panel_and_records_no_change_at_phone_width(page, _empty_documents_first):
    reference_data_ensure()  # if an earlier transactional test's flush emptied them
    # given an owner whose document is due for review in 5 days
    owner = UserFactory(username="owner")
    due = timezone.localdate() + datetime.timedelta(days=5)
    document = effective_document(owner=owner, next_review_date=due, title="Quy trình tuyển sinh")
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, owner.username, PASSWORD)
    # when they follow their home panel to the review page and record "no change"
    page.goto("/")
    page.locator(f'a[href="/reviews/versions/{effective_version(document).pk}/"]').click()
    page.get_by_label("No change").check()
    page.fill("textarea[name=comment]", "Vẫn phù hợp")
    page.get_by_role("button", name="Record review").click()
    # then the page confirms the next review date, a year on, without sideways scrolling
    next_date = effective_version(document).next_review_date
    assert next_date.year == timezone.localdate().year + 1
    assert next_date.strftime("%d/%m/%Y") in page.inner_text(".messages")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)"
        ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
