"""An auditor runs a whole audit from a phone (Debian's chromium via Playwright, 390x844)."""

import pytest
from playwright.sync_api import expect

from audits.models import Audit, ChecklistTemplate, Clause, Finding
from tests.audits.factories import clause, qualified_auditor
from tests.conftest import browser_login
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory, make_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_auditor_plans_runs_the_checklist_on_a_phone_records_a_minor_nc_and_issues_the_signed_report(
    page, tmp_path
):
    # given
    head = UserFactory(staff=True, username="truongphong")
    department = DepartmentFactory(code="TC", name="Phòng Tổ chức cán bộ", head=head)
    lead = qualified_auditor(username="danhgia", first_name="Minh", last_name="Nguyễn")
    template = ChecklistTemplate.objects.create(title="Kiểm soát tài liệu", created_by=lead)
    template.questions.create(order=1, text="Danh mục tài liệu nội bộ được cập nhật?", clause=clause("7.5"))
    template.questions.create(order=2, text="Biểu mẫu đang dùng đúng lần ban hành?", clause=clause("7.5"))
    photo = tmp_path / "bang-chung.png"
    photo.write_bytes(make_upload("x.png").read())
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, lead.username, PASSWORD)

    # when: the auditor plans the audit
    page.goto("/audits/new/")
    page.get_by_label("Audit title").fill("Đánh giá nội bộ Phòng Tổ chức cán bộ")
    departments = page.get_by_role("group", name="Audited departments")
    departments.get_by_role("checkbox", name=str(department)).check()
    expect(departments.get_by_role("searchbox")).to_be_hidden()  # one department: no search needed
    page.fill("input[name=planned_start]", "2026-03-10")
    page.fill("input[name=planned_end]", "2026-03-11")
    page.select_option("select[name=lead_auditor]", str(lead.pk))
    # the clause list (79 clauses) is a list of checkboxes grouped by clause, filtered by typing
    clauses = page.get_by_role("group", name="ISO 9001 clauses")
    visible_boxes = clauses.locator("input[type=checkbox]:visible")
    assert visible_boxes.count() > 20
    clauses.get_by_role("searchbox").fill("7.5")
    expect(visible_boxes).to_have_count(4)  # 7.5, 7.5.1, 7.5.2, 7.5.3
    clauses.get_by_role("checkbox", name="7.5 Documented information").check()
    expect(clauses.get_by_text(f"4 of {Clause.objects.count()} shown · 1 ticked")).to_be_visible()
    clauses.get_by_role("searchbox").fill("")
    expect(clauses.get_by_text("1 ticked", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.select_option("select[name=checklist_template]", str(template.pk))
    page.get_by_role("button", name="Plan the audit").click()
    audit = Audit.objects.get()
    assert audit.reference in page.inner_text("h1")

    # and starts it, then answers the checklist at phone width, one question at a time
    page.get_by_role("button", name="Start the audit").click()
    page.get_by_role("link", name="Audit checklist", exact=True).click()
    first, second = audit.checklist.order_by("order")
    counter = page.locator("#checklist-counter")
    expect(counter).to_have_text("0/2 questions answered")
    page.evaluate("window.notReloaded = true")
    card1, card2 = page.locator(f"#item-{first.pk}"), page.locator(f"#item-{second.pk}")
    # question 2 is being typed when question 1 is saved: nothing typed is lost
    card2.get_by_label("Nonconforming", exact=True).check()
    card2.locator("textarea").fill("Hồ sơ 15/2026 dùng BM-01 lần ban hành 01")
    card1.get_by_label("Conforming", exact=True).check()
    card1.locator("textarea").fill("Danh mục cập nhật ngày 02/03/2026")
    card1.get_by_role("button", name="Save answer").click()
    expect(card1.get_by_role("status")).to_have_text("Question 1 saved.")
    expect(counter).to_have_text("1/2 questions answered")  # without a reload
    assert page.evaluate("window.notReloaded") is True
    assert card2.locator("textarea").input_value() == "Hồ sơ 15/2026 dùng BM-01 lần ban hành 01"
    card2.get_by_role("button", name="Save answer").click()
    expect(card2.get_by_role("status")).to_have_text("Question 2 saved.")
    card = page.locator(f"#item-{second.pk}")
    card.locator("input[type=file]").set_input_files(str(photo))
    card.get_by_role("button", name="Attach").click()
    assert "File attached to question 2." in page.inner_text(".messages")
    # nothing in the page is wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # and records a minor nonconformity from the second answer
    page.locator(f"#item-{second.pk}").get_by_role("link", name="Record a finding from this answer").click()
    assert page.locator("select[name=category]").input_value() == "minor_nc"
    page.fill("textarea[name=statement]", "Biểu mẫu BM-01 chưa cập nhật theo lần ban hành 02")
    page.get_by_role("button", name="Record the finding").click()
    assert "Finding IA-2026-01/F01 recorded." in page.inner_text(".messages")

    # and issues the signed report
    page.get_by_role("link", name="Write the report", exact=True).click()
    forms = page.locator("form.card")
    issue = forms.filter(has=page.locator("input[name=password]"))
    issue.locator("textarea[name=summary]").fill(
        "Hệ thống kiểm soát tài liệu vận hành, còn một điểm chưa phù hợp."
    )
    issue.locator("textarea[name=conclusion]").fill(
        "Phù hợp với TCVN ISO 9001:2015, trừ 1 điểm không phù hợp nhẹ."
    )
    issue.locator("input[name=password]").fill(PASSWORD)
    issue.get_by_role("button", name="Sign and issue the report").click()

    # then
    assert "Report issued and signed." in page.inner_text(".messages")
    assert "Reported" in page.inner_text("h1")
    audit.refresh_from_db()
    assert audit.status == "reported"
    assert audit.checklist.get(pk=first.pk).result == "conforming"
    assert audit.checklist.get(pk=second.pk).files.count() == 1
    finding = Finding.objects.get()
    assert finding.category == "minor_nc" and finding.frozen
    assert audit.report.issued_by == lead
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the signed report (PDF)").click()
    assert download_info.value.suggested_filename == f"{audit.reference}.pdf"
    assert head.notifications.filter(kind="audit_reported").exists()
