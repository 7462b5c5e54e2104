"""Audit fixtures reached through the real services: plan, start, findings, report."""

import datetime

from audits import services
from audits.models import Audit, AuditorQualification, Clause, Finding
from tests.documents.factories import PASSWORD, DepartmentFactory, UserFactory

PLAN_DATE = datetime.date(2026, 3, 10)


def clause(number: str) -> Clause:
    return Clause.objects.get(number=number)


def qualified_auditor(**kwargs):
    user = UserFactory(auditor=True, **kwargs)
    AuditorQualification.objects.create(auditor=user, qualified=True, training_date=datetime.date(2025, 5, 1))
    return user


def make_audit(
    *,
    status: str = "planned",
    lead=None,
    team=(),
    departments=None,
    clauses=("7.5", "8.1"),
    start: datetime.date = PLAN_DATE,
    template=None,
    planner=None,
    **fields,
) -> Audit:
    """An audit in ``status`` walked there with service calls."""
    lead = lead or qualified_auditor()
    planner = planner or lead
    if departments is None:
        departments = [DepartmentFactory(code="TC", name="Phòng Tổ chức cán bộ")]
    audit = services.audit_plan(
        actor=planner,
        title=fields.pop("title", "Đánh giá nội bộ quy trình tiếp nhận hồ sơ"),
        departments=departments,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=1),
        lead_auditor=lead,
        team=list(team),
        clauses=[clause(n) for n in clauses],
        checklist_template=template,
        criteria=fields.pop("criteria", "TCVN ISO 9001:2015; QT-TC-01"),
        **fields,
    )
    if status in ("in_progress", "reported", "closed"):
        audit = services.audit_start(actor=lead, audit=audit)
    if status in ("reported", "closed"):
        services.report_issue(
            actor=lead,
            audit=audit,
            password=PASSWORD,
            summary="Hệ thống vận hành tốt.",
            conclusion="Phù hợp.",
        )
    if status == "closed":
        audit = services.audit_close(actor=lead, audit=audit)
    audit.refresh_from_db()
    return audit


def add_finding(audit, *, category=Finding.Category.MINOR_NC, actor=None, number="7.5", **fields) -> Finding:
    return services.finding_record(
        actor=actor or audit.lead_auditor,
        audit=audit,
        category=category,
        clause=clause(number),
        department=fields.pop("department", None) or audit.departments.first(),
        statement=fields.pop("statement", "Biểu mẫu BM-01 chưa được cập nhật theo lần ban hành 02."),
        evidence=fields.pop("evidence", "Hồ sơ số 15/2026 dùng BM-01 lần ban hành 01."),
        **fields,
    )
