"""The nonconformities part of the demo, on top of the documents part (its users and
departments): citizen feedback (one answered, one waiting), a complaint that became a
nonconformity now being acted on, a closed one verified effective, and a major one just
reported.

Idempotent: records are matched by title or subject, so loading it again adds nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from nonconformities import services
from nonconformities.models import Feedback, Nonconformity
from organisation.models import Department


@transaction.atomic
def load() -> str:
    """Load the part; returns one line saying what is there."""
    User = get_user_model()
    try:
        people = {name: User.objects.get(username=name) for name in ("officer", "author", "auditor", "staff")}
        office = Department.objects.get(code="VP")
        secondary = Department.objects.get(code="GDTRH")
    except (User.DoesNotExist, Department.DoesNotExist):
        raise CommandError(
            "The nonconformities part needs the users and departments of the documents part."
        ) from None
    created = 0
    if not Feedback.objects.filter(subject="Hỏi về lệ phí cấp bản sao văn bằng").exists():
        _feedback(people["officer"])
        created += 2
    if not Nonconformity.objects.filter(title="Hồ sơ chuyển trường trả kết quả trễ hạn").exists():
        _late_transfer(people["officer"], people["author"], secondary)
        created += 1
    if not Nonconformity.objects.filter(title="Biểu mẫu hết hiệu lực còn được sử dụng").exists():
        _obsolete_form_in_use(people["staff"], people["officer"], people["auditor"], office)
        created += 1
    if not Nonconformity.objects.filter(title="Thiếu bằng chứng đào tạo cán bộ mới").exists():
        services.nonconformity_report(
            actor=people["auditor"],
            title="Thiếu bằng chứng đào tạo cán bộ mới",
            source=Nonconformity.Source.OTHER,
            department=office,
            description="Hai cán bộ mới chưa có hồ sơ đào tạo về quy trình tiếp nhận hồ sơ.",
            severity=Nonconformity.Severity.MAJOR,
            iso_clause="7.2",
            date_detected=timezone.localdate() - datetime.timedelta(days=40),
        )
        created += 1
    return f"Nonconformities and feedback: {created} added."


def _feedback(officer) -> None:
    """A question answered by the officer and a complaint still waiting."""
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


def _late_transfer(officer, author, department) -> None:
    """A citizen's complaint opened as a nonconformity, analysed, its action under way."""
    complaint = services.feedback_submit(
        subject="Hồ sơ chuyển trường trả chậm",
        message="Tôi nộp hồ sơ chuyển trường cho con ngày 01/10, hẹn 05/10 nhưng 12/10 mới nhận.",
    )
    nc = services.feedback_open_nonconformity(
        actor=officer,
        feedback=complaint,
        department=department,
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
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    services.nonconformity_plan(actor=author, nonconformity=nc)
    services.nonconformity_implement(actor=author, nonconformity=nc)


def _obsolete_form_in_use(staff, officer, auditor, office) -> None:
    """Reported by staff, answered by the officer, verified effective by the auditor."""
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
    services.nonconformity_contain(actor=officer, nonconformity=nc, containment="Thu hồi biểu mẫu cũ.")
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
        due_date=timezone.localdate() + datetime.timedelta(days=7),
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
