"""The audits part of the demo, on top of the documents part (its users and departments).

Idempotent: the programme is matched by year, the template by title, the audit by title.
Creates the programme of the current year, a checklist template on document control,
the demo auditor's qualification record and one planned audit of the Văn phòng Sở
(the auditor belongs to KTKD, so impartiality holds), led by ``auditor``.
"""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from audits import services
from audits.models import Audit, AuditorQualification, AuditProgramme, ChecklistTemplate, Clause
from demo.clock import recorded_on
from demo.documents import DEMO_PASSWORD
from documents.models import Document
from organisation.models import Department

QUESTIONS = [
    (
        "7.5",
        "Danh mục tài liệu nội bộ có được cập nhật sau mỗi lần ban hành?",
        "Quy trình kiểm soát tài liệu",
    ),
    ("7.5", "Tài liệu lỗi thời có được thu hồi hoặc đóng dấu nhận biết?", "Quy trình kiểm soát tài liệu"),
    ("7.5", "Hồ sơ được lưu đúng thời gian lưu quy định?", "Quy trình kiểm soát hồ sơ"),
    ("8.1", "Hồ sơ thủ tục hành chính được giải quyết đúng thời hạn?", None),
    ("9.1.2", "Có khảo sát sự hài lòng của người dân, tổ chức?", None),
    ("10.2", "Sự không phù hợp lần trước đã được khắc phục và kiểm tra hiệu lực?", None),
]
TEMPLATE_TITLE = "Kiểm soát tài liệu và hồ sơ"
AUDIT_TITLE = "Đánh giá nội bộ Văn phòng Sở"


@transaction.atomic
def load() -> str:
    """Load the part; returns one line saying what is there."""
    users = get_user_model().objects
    try:
        auditor = users.get(username="auditor")
        officer = users.get(username="officer")
        office = Department.objects.get(code="VP")
    except (get_user_model().DoesNotExist, Department.DoesNotExist):
        raise CommandError("The audits part needs the users and departments of the documents part.") from None
    _qualification(officer, auditor)
    year = timezone.localdate().year
    _programme(officer, year)
    template = _checklist_template(officer)
    if not Audit.objects.filter(title=AUDIT_TITLE).exists():
        start = timezone.localdate() + datetime.timedelta(days=7)
        services.audit_plan(
            actor=auditor,
            title=AUDIT_TITLE,
            departments=[office],
            planned_start=start,
            planned_end=start + datetime.timedelta(days=1),
            lead_auditor=auditor,
            clauses=Clause.objects.filter(number__in=["7.5", "8.1"]),
            documents=Document.objects.filter(title__in=["Quy trình kiểm soát tài liệu"]),
            criteria="TCVN ISO 9001:2015; các quy trình của Sở",
            objectives="Xác định mức độ phù hợp của việc kiểm soát tài liệu và hồ sơ.",
            checklist_template=template,
        )
    _audits_of_the_year(officer, auditor, template, year)
    return f"Audits: programme {year}, {Audit.objects.count()} audits."


# The year's audits: (month, department, how far it got, findings as (category, clause,
# statement)). Past months are reported or closed, this month's is running, the rest
# planned; months after today are moved to next weeks so "planned" is always ahead.
YEAR_AUDITS = [
    (
        2,
        "TCCB",
        "closed",
        [
            ("minor_nc", "7.2", "Hai hồ sơ cán bộ mới thiếu minh chứng đào tạo."),
            ("observation", "7.5.3", "Danh mục hồ sơ chưa ghi thời hạn lưu."),
        ],
    ),
    (3, "KHTC", "closed", [("ofi", "8.4", "Có thể lập danh sách nhà cung cấp được đánh giá.")]),
    (
        4,
        "GDTH",
        "closed",
        [
            ("minor_nc", "8.5.1", "Một hồ sơ trả kết quả trễ hai ngày."),
            ("good_practice", "9.1.2", "Phiếu khảo sát được tổng hợp hằng tháng."),
        ],
    ),
    (5, "TTR", "closed", [("observation", "7.5.2", "Biểu mẫu chưa ghi lần ban hành ở chân trang.")]),
    (
        7,
        "GDTRH",
        "reported",
        [
            ("minor_nc", "8.5.1", "Sổ theo dõi hạn trả kết quả không được cập nhật."),
            ("ofi", "7.1.6", "Nên chia sẻ kinh nghiệm xử lý hồ sơ giữa các tổ."),
        ],
    ),
    (9, "VP", "reported", [("observation", "7.5.3", "Bản in tài liệu cũ còn lưu tại bộ phận một cửa.")]),
    (None, "GDTH", "in_progress", []),
    (12, "TCCB", "planned", []),
]
ANSWERS = ["conforming", "conforming", "nonconforming", "observation", "conforming", "not_applicable"]


def _audits_of_the_year(officer, auditor, template, year: int) -> None:
    """Audits over the year through the services, each dated when it happened: planned a
    few weeks before, started, checklist answered, findings recorded, the report signed and
    issued, nonconformity records opened, closed. About ten seconds with the report PDFs."""
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.filter(code__in={row[1] for row in YEAR_AUDITS})}
    rounds = Counter()
    for month, code, reach, findings in YEAR_AUDITS:
        if code not in departments:
            continue  # a smaller organisation than the demo's: audit what exists
        rounds[code] += 1
        title = f"Đánh giá nội bộ {departments[code].name} – đợt {rounds[code]}/{year}"
        start = today - datetime.timedelta(days=1) if month is None else datetime.date(year, month, 10)
        if reach != "planned" and start >= today:
            continue  # early in the year: only what has happened by now
        if reach == "planned" and start <= today:
            start = today + datetime.timedelta(days=14)
        department = departments[code]
        if Audit.objects.filter(title=title).exists():
            continue
        with recorded_on(min(start - datetime.timedelta(days=21), today)):
            audit = services.audit_plan(
                actor=auditor,
                title=title,
                departments=[department],
                planned_start=start,
                planned_end=start + datetime.timedelta(days=1),
                lead_auditor=auditor,
                clauses=Clause.objects.filter(number__in=["7.5", "8.1", "8.5", "9.1", "10.2"]),
                criteria="TCVN ISO 9001:2015; các quy trình của Sở",
                objectives="Đánh giá sự phù hợp và hiệu lực của hệ thống tại đơn vị.",
                checklist_template=template,
            )
        if reach == "planned":
            continue
        _run(
            audit, auditor=auditor, officer=officer, start=start, reach=reach, findings=findings, today=today
        )


def _run(audit, *, auditor, officer, start, reach, findings, today):
    with recorded_on(start):
        services.audit_start(actor=auditor, audit=audit)
        items = list(audit.checklist.order_by("order"))
        answered = items if reach != "in_progress" else items[: len(items) // 2]
        for item, result in zip(answered, ANSWERS, strict=False):
            services.checklist_item_answer(
                actor=auditor, item=item, result=result, evidence="Xem hồ sơ, phỏng vấn cán bộ phụ trách."
            )
    if reach == "in_progress":
        return
    recorded = []
    with recorded_on(start + datetime.timedelta(days=1), hour=15):
        for category, number, statement in findings:
            recorded.append(
                services.finding_record(
                    actor=auditor,
                    audit=audit,
                    category=category,
                    clause=Clause.objects.get(number=number),
                    department=audit.departments.get(),
                    statement=statement,
                    evidence="Phỏng vấn và xem hồ sơ tại đơn vị.",
                )
            )
    with recorded_on(start + datetime.timedelta(days=4)):
        services.report_issue(
            actor=auditor,
            audit=audit,
            password=DEMO_PASSWORD,
            summary=f"Đơn vị áp dụng hệ thống quản lý chất lượng; {len(findings)} phát hiện.",
            conclusion="Hệ thống phù hợp với TCVN ISO 9001:2015, trừ các điểm nêu trong báo cáo.",
        )
        for finding in recorded:
            if finding.is_nonconformity:
                services.finding_open_nonconformity(actor=auditor, finding=finding)
    if reach == "closed":
        with recorded_on(start + datetime.timedelta(days=20)):
            services.audit_close(actor=officer, audit=audit)


def _qualification(officer, auditor) -> None:
    if not AuditorQualification.objects.filter(auditor=auditor).exists():
        services.auditor_qualification_set(
            actor=officer,
            auditor=auditor,
            qualified=True,
            training_date=datetime.date(2025, 5, 20),
            training_course="Đánh giá viên nội bộ TCVN ISO 9001:2015",
        )


def _programme(officer, year: int) -> None:
    """The year's programme: every department but the agency itself, Văn phòng first."""
    programme = AuditProgramme.objects.filter(year=year).first() or services.programme_create(
        actor=officer, year=year, objectives="Đánh giá mỗi phòng ít nhất một lần trong năm."
    )
    if programme.items.exists():
        return
    for department in Department.objects.exclude(code="SGDDT"):
        services.programme_item_add(
            actor=officer,
            programme=programme,
            department=department,
            clauses=Clause.objects.filter(number__in=["7.5", "8.1", "9.1", "10.2"]),
            importance="high" if department.code == "VP" else "medium",
            past_result="conforming",
        )


def _checklist_template(officer) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(title=TEMPLATE_TITLE).first()
    if template is not None:
        return template
    template = services.checklist_template_create(actor=officer, title=TEMPLATE_TITLE)
    for number, text, document_title in QUESTIONS:
        services.checklist_question_add(
            actor=officer,
            template=template,
            text=text,
            clause=Clause.objects.get(number=number),
            document=Document.objects.filter(title=document_title).first() if document_title else None,
        )
    return template
