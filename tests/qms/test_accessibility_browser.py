"""Accessibility in a real browser (issue 16, item 6 and "Checks"): axe-core (bundled by
axe-playwright-python, read from the installed package: nothing is downloaded) finds no
serious or critical violation on the main pages of each role, in English and Vietnamese, at
1280 and 390 px; and a keyboard alone opens the phone menu and signs on the sign page."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, transaction
from django.utils import timezone

from approvals.services import distribution_set
from documents.workflow import DocumentStatus
from nonconformities.models import Feedback
from tests.audits.factories import make_audit, qualified_auditor
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory, advance_version, make_document
from tests.nonconformities.factories import Cast, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
WIDTHS = (1280, 390)
LANGUAGES = ("en", "vi")
BLOCKING = {"serious", "critical"}


@pytest.fixture(autouse=True)
def _seeded_and_flushed(transactional_db):
    """Reference rows (role groups, default route) back before, documents_document emptied
    first after (SQLite's frozen-version trigger), as in tests/approvals/test_browser.py."""
    from qms.reference_data import reference_data_ensure

    reference_data_ensure()
    yield
    if connection.vendor != "sqlite":
        return
    statements = sql_flush(no_style(), connection)
    statements.sort(key=lambda sql: '"documents_document"' not in sql)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _world():
    """One of everything the main pages show, and the pages each role opens."""
    cast = Cast()  # officer, auditor, department TN with reporter/owner...
    approver = UserFactory(approver=True, username="approver")
    reader = cast.reporter
    effective = make_document(
        officer=cast.officer, title="Quy trình tiếp nhận hồ sơ", department=cast.department
    )
    distribution_set(actor=cast.officer, document=effective, departments=[cast.department], groups=[])
    version = advance_version(effective.versions.get(), DocumentStatus.EFFECTIVE, officer=cast.officer)
    in_review = make_document(officer=cast.officer, title="Quy trình chờ ký", status=DocumentStatus.IN_REVIEW)
    report(cast)  # an NC on the officer's home
    lead = qualified_auditor(username="lead")
    audit = make_audit(
        lead=lead, departments=[cast.department], start=timezone.localdate() + datetime.timedelta(days=7)
    )
    return {
        cast.officer.username: ["/", "/documents/", f"/documents/{effective.pk}/"],
        approver.username: [f"/approvals/versions/{in_review.versions.get().pk}/sign/"],
        reader.username: ["/", f"/versions/{version.pk}/"],
        lead.username: [f"/audits/{audit.pk}/"],
        None: ["/feedback/"],
    }


def _blocking_violations(page) -> list[str]:
    """axe's serious and critical violations on the page as it is now (axe injected once a page)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.axe_script)
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def test_no_serious_or_critical_axe_violation_on_the_main_pages(chromium, live_server):
    # given each role's main pages
    world = _world()
    assert Feedback.objects.count() == 0
    found = {}
    for username, paths in world.items():
        for language in LANGUAGES:
            context = chromium.new_context(
                base_url=live_server.url, locale=language, extra_http_headers={"Accept-Language": language}
            )
            page = context.new_page()
            page.set_default_timeout(30_000)
            if username:
                browser_login(page, username, PASSWORD)
                page.wait_for_url(lambda url: "/accounts/login/" not in url)
            # when axe checks every page at both widths
            for path in paths:
                page.goto(path)
                assert page.locator("html").get_attribute("lang") == language
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    violations = _blocking_violations(page)
                    if violations:
                        found[f"{username or 'visitor'} {language} {width} {path}"] = violations
            context.close()
    # then none is serious or critical
    assert not found, "\n".join(f"{where}: {violations}" for where, violations in found.items())


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName, name: e.getAttribute('name'),"
        " id: e.id, text: (e.innerText || '').trim(), inSidebar: !!e.closest('#sidebar'),"
        " expanded: e.getAttribute('aria-expanded'), type: e.getAttribute('type')}; }"
    )


def _tab_until(page, wanted, limit=40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"not reached by Tab in {limit} presses; last: {focused}")


def test_the_keyboard_alone_opens_the_phone_menu_and_signs(chromium, live_server):
    # given an approver with a version waiting for their signature, on a phone
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT", name="Kế toán")
    UserFactory(staff=True, departments=[kt])
    approver = UserFactory(approver=True)
    document = make_document(officer=officer, file_name="quy-trinh.pdf", department=kt)
    distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    advance_version(document.versions.get(), DocumentStatus.IN_REVIEW, officer=officer)
    version = document.versions.get()
    context = chromium.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        browser_login(page, approver.username, PASSWORD)
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        # when they Tab to the menu button and press Enter
        assert not page.locator("#sidebar").is_visible()
        button = _tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"].endswith("Menu"))
        assert button["expanded"] == "false"
        page.keyboard.press("Enter")
        page.locator("#sidebar").wait_for(state="visible")
        assert _focused(page)["expanded"] == "true"
        # then the next Tabs reach the menu's links
        link = _tab_until(page, lambda f: f["inSidebar"] and f["tag"] == "A", limit=10)
        assert link["text"] in {"Documents", "My tasks", "Master list"}

        # when they open the sign page and use the keyboard only
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/approvals/versions/{version.pk}/sign/")
        _tab_until(page, lambda f: f["name"] == "decision", limit=80)
        page.keyboard.press("Space")  # the first radio of the group: Approve
        assert page.get_by_label("Approve").is_checked()
        _tab_until(page, lambda f: f["name"] == "password")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/versions/{version.pk}/")
        # then the version is signed (the default route needs one approver)
        version.refresh_from_db()
        assert version.status in ("approved", "effective")
    finally:
        context.close()
