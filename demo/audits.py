"""The audits part of the demo, on top of the documents part (its users and departments).

Idempotent: the programme is matched by year, the template by title, the audit by title.
Creates the programme of the current year, a checklist template on document control,
the demo auditor's qualification record and one planned audit of the Văn phòng Sở
(the auditor belongs to KTKD, so impartiality holds), led by ``auditor``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from audits import services
from audits.models import Audit, AuditorQualification, AuditProgramme, ChecklistTemplate, Clause
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
    return f"Audits: programme {year}, {Audit.objects.count()} audits."


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
