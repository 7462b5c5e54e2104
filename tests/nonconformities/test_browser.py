"""The whole path in a real browser (Debian's chromium via Playwright): a citizen's
complaint becomes a nonconformity, is answered by its owner and closed by someone else."""

import datetime

import pytest
from django.utils import timezone

from nonconformities.models import Feedback, Nonconformity
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, file_bytes
from tests.nonconformities.factories import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browse(chromium, live_server):
    """New browser contexts on demand: one per person, as on separate machines."""
    contexts = []

    def open_page():
        context = chromium.new_context(base_url=live_server.url, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_citizen_feedback_becomes_a_nonconformity_that_another_user_verifies_and_closes(
    browse, settings, tmp_path
):
    # A person needs more than no time to fill the form; the browser is quicker.
    settings.QMS_FEEDBACK_MIN_FILL_SECONDS = 0
    cast = Cast()
    photo = tmp_path / "bien-nhan.png"
    photo.write_bytes(file_bytes("bien-nhan.png"))
    evidence = tmp_path / "so-theo-doi.pdf"
    evidence.write_bytes(file_bytes("so-theo-doi.pdf", "So theo doi han tra ket qua"))

    # given a citizen, with no account, sends a complaint
    citizen = browse()
    citizen.goto("/feedback/")
    citizen.fill("input[name=subject]", "Hồ sơ trả kết quả chậm")
    citizen.fill(
        "textarea[name=message]", "Tôi nộp hồ sơ ngày 01/11, hẹn trả 05/11, đến nay chưa có kết quả."
    )
    citizen.fill("input[name=contact]", "0912 345 678")
    citizen.set_input_files("input[name=attachment]", str(photo))
    citizen.click("form button[type=submit]")
    reference = citizen.inner_text("#reference").strip()
    assert reference == Feedback.objects.get().reference
    citizen.goto("/feedback/status/")
    citizen.fill("input[name=reference]", reference.lower())
    citizen.click("form.card button[type=submit]")
    assert citizen.inner_text("#status-label") == "Received"

    # when the QMS officer opens a nonconformity from it, owned by the owner
    officer = browse()
    browser_login(officer, cast.officer.username, PASSWORD)
    officer.goto("/nonconformities/feedback/")
    officer.get_by_role("link", name=reference).click()
    officer.select_option("select[name=department]", str(cast.department.pk))
    officer.select_option("select[name=severity]", "minor")
    officer.select_option("select[name=owner]", str(cast.owner.pk))
    officer.fill("input[name=iso_clause]", "8.5.1")
    officer.get_by_role("button", name="Open a nonconformity").click()
    nc = Nonconformity.objects.get()
    assert nc.number in officer.inner_text("h1")
    detail_url = f"/nonconformities/{nc.pk}/"

    # and the owner contains it, records the root cause and an action, and carries it out
    owner = browse()
    browser_login(owner, cast.owner.username, PASSWORD)
    owner.goto(detail_url)
    owner.fill("textarea[name=containment]", "Trả ngay kết quả cho công dân, xin lỗi công dân.")
    owner.get_by_role("button", name="Record containment").click()
    assert "Contained" in owner.inner_text("main")
    owner.fill("input[name=why_1]", "Hồ sơ không được theo dõi hạn trả")
    owner.fill("input[name=why_2]", "Không có sổ theo dõi hạn")
    owner.check("input[name=cause_categories][value=method]")
    owner.fill("textarea[name=root_cause]", "Quy trình không quy định việc theo dõi hạn trả kết quả.")
    owner.get_by_role("button", name="Save root cause").click()
    assert "Root cause found" in owner.inner_text("main")
    owner.get_by_text("Add a corrective action").click()
    owner.fill("#actions textarea[name=description]", "Lập sổ theo dõi hạn trả kết quả và kiểm tra hằng ngày")
    owner.select_option("#actions select[name=owner]", str(cast.owner.pk))
    due = timezone.localdate() + datetime.timedelta(days=14)
    owner.fill("#actions input[name=due_date]", due.isoformat())
    owner.get_by_role("button", name="Add action").click()
    owner.get_by_role("button", name="Submit action plan").click()
    owner.get_by_role("button", name="Start implementation").click()
    owner.get_by_text("Record as done").click()
    owner.fill("#actions textarea[name=note]", "Sổ theo dõi đã lập và dùng từ 10/11.")
    owner.set_input_files("#actions input[name=evidence]", str(evidence))
    owner.get_by_role("button", name="Done").click()
    owner.get_by_role("button", name="Request verification").click()
    assert "Verification" in owner.inner_text("main")
    # the owner of the action is not offered the verification
    assert owner.locator("input[name=result]").count() == 0

    # then a different user verifies the actions worked and closes it
    auditor = browse()
    browser_login(auditor, cast.auditor.username, PASSWORD)
    auditor.goto(detail_url)
    with auditor.expect_download() as download:
        auditor.get_by_role("link", name="so-theo-doi.pdf").click()
    assert download.value.suggested_filename == "so-theo-doi.pdf"
    auditor.check("input[name=result][value=effective]")
    auditor.fill("#verification textarea[name=notes]", "Kiểm tra 20 hồ sơ tháng 11: không có hồ sơ trễ hạn.")
    auditor.get_by_role("button", name="Record verification").click()
    assert "Closed" in auditor.inner_text("main")
    nc.refresh_from_db()
    assert nc.status == "closed"
    assert nc.closed_by == cast.auditor
    assert nc.verifications.get().verifier == cast.auditor

    # and the citizen sees it resolved, and nothing more
    citizen.goto("/feedback/status/")
    citizen.fill("input[name=reference]", reference)
    citizen.click("form.card button[type=submit]")
    assert citizen.inner_text("#status-label") == "Resolved"
    assert nc.number not in citizen.content()
