"""The whole approval loop in a real browser (Debian's chromium via Playwright): the author
submits, a reviewer requests changes, the author resubmits a new file, the reviewer and two
approvers sign with their passwords, a reader acknowledges the new version and the officer's
completion page shows 1 of 3."""

import pytest
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, transaction

from approvals.models import Meaning, StageMode
from approvals.services import distribution_set
from documents import services as document_services
from documents.workflow import DocumentStatus
from tests.approvals.factories import make_effective_document, set_route, stage
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory, file_bytes, make_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _flush_documents_first(transactional_db):
    """SQLite: the frozen-version delete trigger lets a flush through only once
    documents_document is empty, but Django flushes tables in set order (hash-randomised
    per process). Empty the tables here, documents first, in one transaction."""
    yield
    if connection.vendor != "sqlite":
        return
    statements = sql_flush(no_style(), connection)
    statements.sort(key=lambda sql: '"documents_document"' not in sql)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture
def open_as(chromium, live_server):
    contexts = []

    def login(user):
        context = chromium.new_context(base_url=live_server.url, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        browser_login(page, user.username, PASSWORD)
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield login
    for context in contexts:
        context.close()


def sign_in_browser(page, version, decision, comment=""):
    page.goto("/approvals/tasks/")
    page.get_by_role("link", name=version.document.number).first.click()
    page.get_by_label(decision).check()
    if comment:
        page.fill("textarea[name=comment]", comment)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    page.wait_for_url(f"**/versions/{version.pk}/")


def test_author_reviewer_approvers_reader_and_officer_close_the_loop(seeded_rows, open_as, tmp_path):
    # given an effective procedure distributed to a department of three readers, and a draft
    # revision 02 whose route is: reviewer (reviewed), then two approvers who must both sign
    officer = UserFactory(officer=True, username="officer")
    author = UserFactory(author=True, username="author", first_name="An", last_name="Lê")
    reviewer = UserFactory(approver=True, username="reviewer", first_name="Bình", last_name="Trần")
    # long names on purpose: the signed stage lists its signers, and it must still fit a phone
    approvers = [
        UserFactory(
            approver=True,
            username=f"approver{n}",
            first_name="Bartholomew-Alexander",
            last_name=f"Featherstonehaugh {n}",
        )
        for n in (1, 2)
    ]
    kt = DepartmentFactory(code="KT", name="Kế toán")
    readers = [UserFactory(staff=True, username=f"reader{n}", departments=[kt]) for n in (1, 2, 3)]
    document = make_effective_document(officer=officer, author=author, title="Quy trình thanh toán")
    distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    draft = document_services.version_create_draft(
        actor=author,
        document=document,
        file=make_upload("v2.pdf", text="Buoc 1 nhan ho so"),
        change_summary="Sửa bước 1",
    )
    set_route(
        draft,
        [
            stage("Xem xét", users=[reviewer], meaning=Meaning.REVIEWED),
            stage("Phê duyệt", users=approvers, mode=StageMode.ALL),
        ],
        officer=officer,
    )

    # when the author submits from the version page
    page = open_as(author)
    page.goto(f"/versions/{draft.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    assert "In review" in page.inner_text("h1")

    # and the reviewer requests changes with a comment
    reviewer_page = open_as(reviewer)
    sign_in_browser(reviewer_page, draft, "Request changes", "Bổ sung thời hạn giải quyết")
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT

    # then the author sees the comment, uploads a new file and resubmits
    page.goto(f"/versions/{draft.pk}/")
    assert "Bổ sung thời hạn giải quyết" in page.inner_text("#approval-route")
    page.get_by_role("link", name="Edit draft").click()
    new_file = tmp_path / "v2-sua.pdf"
    new_file.write_bytes(file_bytes("v2-sua.pdf", text="Buoc 1 nhan ho so trong 3 ngay"))
    page.set_input_files("input[name=file]", str(new_file))
    page.get_by_role("button", name="Save draft").click()
    page.goto(f"/versions/{draft.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    assert "In review" in page.inner_text("h1")

    # and the reviewer (round 2) and both approvers sign with their passwords
    sign_in_browser(reviewer_page, draft, "Approve")
    first = open_as(approvers[0])
    first.goto(f"/approvals/versions/{draft.pk}/sign/")
    assert "3 ngay" in first.inner_text(".diff")  # the signer sees what changed
    sign_in_browser(first, draft, "Approve")
    sign_in_browser(open_as(approvers[1]), draft, "Approve")
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.EFFECTIVE

    # then a reader sees revision 02 as the current version and acknowledges it
    reader = open_as(readers[0])
    assert document.number in reader.inner_text("#to-read")
    reader.goto(f"/documents/{document.pk}/")
    reader.get_by_role("link", name="Revision details").click()
    assert "Revision 02" in reader.inner_text("h1")
    reader.get_by_role("button", name="I have read and understood this version").click()
    assert "Recorded" in reader.inner_text(".messages")

    # and the officer's completion page shows 1 of 3
    office = open_as(officer)
    office.goto(f"/documents/{document.pk}/")
    office.get_by_role("link", name="Acknowledgement status").click()
    assert "1 of 3 readers" in office.inner_text("#ack-summary")
    office.goto(f"/versions/{draft.pk}/")
    manifest = office.inner_text("#approval-route")
    assert "Round 2" in manifest and "earlier round, does not count" in manifest

    # and the pages fit a phone screen (360 px) without sideways scrolling
    office.set_viewport_size({"width": 360, "height": 740})
    for url in (
        f"/approvals/documents/{document.pk}/acknowledgements/",
        f"/approvals/versions/{draft.pk}/sign/",
        f"/approvals/versions/{draft.pk}/changes/",
        "/approvals/tasks/",
        f"/versions/{draft.pk}/",
    ):
        office.goto(url)
        width = office.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, width)
