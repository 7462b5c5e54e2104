"""Demo data for internal audits, on top of ``seed_demo`` (run that first).

Idempotent: the programme is matched by year, the template by title, the audit by title.
Creates the programme of the current year, a checklist template on document control,
the demo auditor's qualification record and one planned audit of the Văn phòng Sở
(the auditor belongs to KTKD, so impartiality holds), led by ``auditor``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
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


class Command(BaseCommand):
    help = "Load demo data for internal audits (after seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = get_user_model().objects
        try:
            auditor = users.get(username="auditor")
            officer = users.get(username="officer")
            office = Department.objects.get(code="VP")
        except (get_user_model().DoesNotExist, Department.DoesNotExist):
            raise CommandError("Run `manage.py seed_demo` first.") from None
        if not AuditorQualification.objects.filter(auditor=auditor).exists():
            services.auditor_qualification_set(
                actor=officer,
                auditor=auditor,
                qualified=True,
                training_date=datetime.date(2025, 5, 20),
                training_course="Đánh giá viên nội bộ TCVN ISO 9001:2015",
            )
        year = timezone.localdate().year
        programme = AuditProgramme.objects.filter(year=year).first() or services.programme_create(
            actor=officer, year=year, objectives="Đánh giá mỗi phòng ít nhất một lần trong năm."
        )
        if not programme.items.exists():
            for department in Department.objects.exclude(code="SGDDT"):
                services.programme_item_add(
                    actor=officer,
                    programme=programme,
                    department=department,
                    clauses=Clause.objects.filter(number__in=["7.5", "8.1", "9.1", "10.2"]),
                    importance="high" if department.code == "VP" else "medium",
                    past_result="conforming",
                )
        template = ChecklistTemplate.objects.filter(title="Kiểm soát tài liệu và hồ sơ").first()
        if template is None:
            template = services.checklist_template_create(actor=officer, title="Kiểm soát tài liệu và hồ sơ")
            for number, text, document_title in QUESTIONS:
                services.checklist_question_add(
                    actor=officer,
                    template=template,
                    text=text,
                    clause=Clause.objects.get(number=number),
                    document=Document.objects.filter(title=document_title).first()
                    if document_title
                    else None,
                )
        title = "Đánh giá nội bộ Văn phòng Sở"
        if not Audit.objects.filter(title=title).exists():
            start = timezone.localdate() + datetime.timedelta(days=7)
            services.audit_plan(
                actor=auditor,
                title=title,
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
        self.stdout.write(
            self.style.SUCCESS(f"Audit demo ready: programme {year}, {Audit.objects.count()} audits.")
        )
