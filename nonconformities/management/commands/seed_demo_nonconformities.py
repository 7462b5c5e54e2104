"""Demo nonconformities and citizen feedback on top of ``seed_demo`` (run that first).

Idempotent: records are matched by title or subject, so running it again adds nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from nonconformities import services
from nonconformities.models import Feedback, Nonconformity
from organisation.models import Department


class Command(BaseCommand):
    help = "Load demo nonconformities, corrective actions and citizen feedback."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        try:
            officer = User.objects.get(username="officer")
            author = User.objects.get(username="author")
            auditor = User.objects.get(username="auditor")
            staff = User.objects.get(username="staff")
            office = Department.objects.get(code="VP")
            secondary = Department.objects.get(code="GDTRH")
        except (User.DoesNotExist, Department.DoesNotExist):
            raise CommandError("Run `manage.py seed_demo` first.") from None
        today = timezone.localdate()
        created = 0

        if not Feedback.objects.filter(subject="Hỏi về lệ phí cấp bản sao văn bằng").exists():
            answered = services.feedback_submit(
                subject="Hỏi về lệ phí cấp bản sao văn bằng",
                message="Cấp bản sao bằng tốt nghiệp THPT mất phí bao nhiêu?",
            )
            services.feedback_answer(
                actor=officer,
                feedback=answered,
                answer="Lệ phí theo quy định hiện hành; xem quy trình QT-VP-02.",
            )
            services.feedback_submit(
                name="Nguyễn Văn An",
                contact="0912 345 678",
                subject="Thái độ tiếp dân tại bộ phận một cửa",
                message="Cán bộ tiếp nhận không hướng dẫn đầy đủ thành phần hồ sơ.",
            )
            created += 2

        if not Nonconformity.objects.filter(title="Hồ sơ chuyển trường trả kết quả trễ hạn").exists():
            complaint = services.feedback_submit(
                subject="Hồ sơ chuyển trường trả chậm",
                message="Tôi nộp hồ sơ chuyển trường cho con ngày 01/10, hẹn 05/10 nhưng 12/10 mới nhận.",
            )
            nc = services.feedback_open_nonconformity(
                actor=officer,
                feedback=complaint,
                department=secondary,
                severity=Nonconformity.Severity.MINOR,
                title="Hồ sơ chuyển trường trả kết quả trễ hạn",
                owner=author,
                iso_clause="8.5.1",
            )
            services.nonconformity_contain(
                actor=author, nonconformity=nc, containment="Trả kết quả ngay, xin lỗi phụ huynh."
            )
            services.nonconformity_analyse(
                actor=author,
                nonconformity=nc,
                five_whys=[
                    "Hồ sơ chờ ký quá hạn",
                    "Không ai theo dõi hạn trả",
                    "Quy trình không quy định bước theo dõi",
                ],
                cause_categories=["method"],
                root_cause="Quy trình không quy định việc theo dõi hạn trả kết quả.",
            )
            services.corrective_action_add(
                actor=author,
                nonconformity=nc,
                description="Lập sổ theo dõi hạn trả kết quả, kiểm tra hằng ngày",
                owner=author,
                due_date=today + datetime.timedelta(days=14),
            )
            services.nonconformity_plan(actor=author, nonconformity=nc)
            services.nonconformity_implement(actor=author, nonconformity=nc)
            created += 1

        if not Nonconformity.objects.filter(title="Biểu mẫu hết hiệu lực còn được sử dụng").exists():
            nc = services.nonconformity_report(
                actor=staff,
                title="Biểu mẫu hết hiệu lực còn được sử dụng",
                source=Nonconformity.Source.PROCESS_MONITORING,
                department=office,
                description="Bộ phận một cửa dùng biểu mẫu lần ban hành 01 đã bị thay thế.",
                severity=Nonconformity.Severity.MINOR,
                iso_clause="7.5.3",
            )
            services.nonconformity_assign(actor=officer, nonconformity=nc, owner=officer)
            services.nonconformity_contain(
                actor=officer, nonconformity=nc, containment="Thu hồi biểu mẫu cũ."
            )
            services.nonconformity_analyse(
                actor=officer,
                nonconformity=nc,
                cause_categories=["document", "people"],
                root_cause="Bản in cũ không được thu hồi khi ban hành lần mới.",
            )
            action = services.corrective_action_add(
                actor=officer,
                nonconformity=nc,
                description="Thu hồi bản in cũ mỗi khi ban hành lần mới; nhắc trong giao ban",
                owner=officer,
                due_date=today + datetime.timedelta(days=7),
            )
            services.nonconformity_plan(actor=officer, nonconformity=nc)
            services.nonconformity_implement(actor=officer, nonconformity=nc)
            services.corrective_action_complete(actor=officer, action=action, note="Đã thu hồi 35 bản in cũ.")
            services.nonconformity_request_verification(actor=officer, nonconformity=nc)
            services.nonconformity_verify(
                actor=auditor,
                nonconformity=nc,
                effective=True,
                notes="Kiểm tra ngẫu nhiên: không còn biểu mẫu cũ.",
            )
            created += 1

        if not Nonconformity.objects.filter(title="Thiếu bằng chứng đào tạo cán bộ mới").exists():
            services.nonconformity_report(
                actor=auditor,
                title="Thiếu bằng chứng đào tạo cán bộ mới",
                source=Nonconformity.Source.OTHER,
                department=office,
                description="Hai cán bộ mới chưa có hồ sơ đào tạo về quy trình tiếp nhận hồ sơ.",
                severity=Nonconformity.Severity.MAJOR,
                iso_clause="7.2",
                date_detected=today - datetime.timedelta(days=40),
            )
            created += 1
        self.stdout.write(self.style.SUCCESS(f"Demo nonconformities and feedback: {created} added."))
