import io

import pytest
from django.utils import translation
from pdfminer.high_level import extract_text

from audits.models import AuditReport, Finding
from audits.report import report_pdf
from tests.audits.factories import add_finding, make_audit, qualified_auditor
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(extract_text(io.BytesIO(pdf)).split())


def test_the_issued_report_pdf_holds_scope_team_findings_by_clause_and_the_signature():
    # given
    from audits import services

    lead = qualified_auditor(first_name="Minh", last_name="Nguyễn")
    member = qualified_auditor(first_name="Hoa", last_name="Lê")
    department = DepartmentFactory(code="TC", name="Phòng Tổ chức cán bộ")
    audit = make_audit(lead=lead, team=[member], departments=[department], status="in_progress")
    add_finding(audit, category=Finding.Category.MINOR_NC, number="7.5", statement="Biểu mẫu chưa cập nhật")
    add_finding(audit, category=Finding.Category.GOOD_PRACTICE, number="8.1", statement="Sổ theo dõi rõ ràng")
    # when
    with translation.override("en"):
        services.report_issue(
            actor=lead,
            audit=audit,
            password=PASSWORD,
            summary="Hệ thống vận hành ổn định.",
            conclusion="Phù hợp.",
        )
    report = AuditReport.objects.get(audit=audit)
    with report.pdf.open("rb") as handle:
        text = _text(handle.read())
    # then
    assert audit.reference in text
    assert "Internal audit report" in text
    assert "Phòng Tổ chức cán bộ" in text
    assert "Minh" in text and "Hoa" in text
    assert "Hệ thống vận hành ổn định." in text
    assert "7.5 Documented information" in text and "8.1 Operational planning and control" in text
    assert text.index("7.5 Documented information") < text.index("8.1 Operational planning and control")
    assert "Minor nonconformity" in text and "Biểu mẫu chưa cập nhật" in text
    assert "Good practice" in text
    assert "Phù hợp." in text
    assert "Issued by (lead auditor)" in text


def test_the_report_prints_in_vietnamese_with_clause_titles_in_vietnamese():
    audit = make_audit(status="in_progress")
    add_finding(audit, number="7.5")
    report = AuditReport.objects.get(audit=audit)
    report.summary, report.conclusion = "Tóm tắt", "Kết luận"
    with translation.override("vi"):
        text = _text(report_pdf(audit=audit, report=report))
    assert "7.5 Thông tin dạng văn bản" in text
    assert "Tóm tắt" in text


def test_staff_cannot_download_the_report(client):
    audit = make_audit(status="reported")
    client.force_login(UserFactory(staff=True))
    assert client.get(f"/audits/{audit.pk}/report.pdf").status_code == 404
