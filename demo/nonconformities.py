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

from demo.clock import recorded_on
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
    created += _a_year_of_nonconformities(people)
    return f"Nonconformities and feedback: {created} added."


# A year of records: (title, description, ISO clause, process). Titles are unique with
# the department and month appended, so loading again finds each one and adds nothing.
YEAR_PROBLEMS = [
    ("Hồ sơ trả kết quả trễ hạn", "Hồ sơ thủ tục hành chính trả kết quả quá thời hạn quy định.", "8.5.1"),
    ("Biểu mẫu cũ còn được sử dụng", "Bộ phận dùng biểu mẫu của lần ban hành đã bị thay thế.", "7.5.3"),
    ("Thiếu hồ sơ đào tạo cán bộ", "Cán bộ mới chưa có hồ sơ đào tạo nghiệp vụ theo quy định.", "7.2"),
    ("Sổ theo dõi công văn đến không cập nhật", "Sổ theo dõi thiếu số liệu từ hai tuần trước.", "8.5.2"),
    ("Chưa khảo sát sự hài lòng theo kế hoạch", "Kế hoạch khảo sát quý không được thực hiện.", "9.1.2"),
    ("Thiết bị đo chưa được hiệu chuẩn", "Cân điện tử phòng thi chưa có giấy hiệu chuẩn còn hạn.", "7.1.5"),
    ("Hợp đồng dịch vụ thiếu tiêu chí đánh giá nhà cung cấp", "Chưa đánh giá lại nhà cung cấp in ấn.", "8.4"),
    ("Mục tiêu chất lượng chưa được theo dõi", "Không có số liệu đo mục tiêu chất lượng quý.", "6.2"),
    ("Hồ sơ lưu trữ không đúng thời hạn", "Hồ sơ bị hủy trước thời hạn lưu quy định.", "8.5.4"),
]
YEAR_SOURCES = [
    Nonconformity.Source.PROCESS_MONITORING,
    Nonconformity.Source.AUDIT_FINDING,
    Nonconformity.Source.FEEDBACK,
    Nonconformity.Source.PROCESS_MONITORING,
    Nonconformity.Source.SUPPLIER,
    Nonconformity.Source.MANAGEMENT_REVIEW,
    Nonconformity.Source.OTHER,
    Nonconformity.Source.AUDIT_FINDING,
]
YEAR_DEPARTMENTS = ["VP", "GDTRH", "GDTH", "KTKD", "TCCB", "KHTC", "TTR"]
# Who answers a department's nonconformities (its head; the officer where the head is
# the auditor, who verifies, or where there is no head).
YEAR_OWNERS = {"VP": "officer", "GDTRH": "author", "GDTH": "officer", "TCCB": "officer"}
YEAR_COUNT = 44  # about four a month


def _a_year_of_nonconformities(people) -> int:
    """About 44 nonconformities detected over the last twelve months, every source and
    department: the older ones closed (verified effective 3 to 9 weeks after detection),
    some of them repeats (same clause and department), the recent ones at every stage,
    and a few with corrective actions past their due date."""
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.filter(code__in=YEAR_DEPARTMENTS)}
    created = 0
    for index in range(YEAR_COUNT):
        days_ago = 360 - index * 8  # from a year ago to last week
        detected = today - datetime.timedelta(days=days_ago)
        code = YEAR_DEPARTMENTS[index % len(YEAR_DEPARTMENTS)]
        title, description, clause = YEAR_PROBLEMS[
            (index // len(YEAR_DEPARTMENTS) + index) % len(YEAR_PROBLEMS)
        ]
        # Repeats: late results again at the secondary-education office, old forms again at the office.
        if index % 11 == 4:
            code, (title, description, clause) = "GDTRH", YEAR_PROBLEMS[0]
        elif index % 13 == 7:
            code, (title, description, clause) = "VP", YEAR_PROBLEMS[1]
        full_title = f"{title} ({code}, {detected:%m/%Y})"
        if Nonconformity.objects.filter(title=full_title).exists():
            continue
        _one_of_the_year(
            people,
            index=index,
            department=departments[code],
            title=full_title,
            description=description,
            clause=clause,
            detected=detected,
            days_ago=days_ago,
        )
        created += 1
    return created


def _one_of_the_year(people, *, index, department, title, description, clause, detected, days_ago):
    officer, auditor = people["officer"], people["auditor"]
    owner = people[YEAR_OWNERS.get(department.code, "officer")]
    reporter = [officer, auditor, people["staff"], people["author"]][index % 4]
    with recorded_on(detected):
        nc = services.nonconformity_report(
            actor=reporter,
            title=title,
            source=YEAR_SOURCES[index % len(YEAR_SOURCES)],
            department=department,
            description=description,
            severity=Nonconformity.Severity.MAJOR if index % 6 == 5 else Nonconformity.Severity.MINOR,
            iso_clause=clause,
            date_detected=detected,
        )
        if nc.owner_id != owner.pk:
            services.nonconformity_assign(actor=officer, nonconformity=nc, owner=owner)
    if days_ago <= 12 and index % 2:
        return  # just reported
    with recorded_on(detected + datetime.timedelta(days=1)):
        services.nonconformity_contain(
            actor=officer, nonconformity=nc, containment="Khắc phục ngay trường hợp phát hiện."
        )
    if days_ago <= 20:
        return
    with recorded_on(detected + datetime.timedelta(days=4)):
        services.nonconformity_analyse(
            actor=officer,
            nonconformity=nc,
            five_whys=["Không kiểm tra trước khi thực hiện", "Chưa phân công người theo dõi"],
            cause_categories=["method"] if index % 2 else ["people", "document"],
            root_cause="Quy trình chưa quy định bước kiểm tra và người chịu trách nhiệm theo dõi.",
        )
    if days_ago <= 28:
        return
    # Late actions: every fifth record of the middle of the year is still being implemented
    # with its action past due; the reminders and the dashboard show them.
    overdue = index % 5 == 2 and days_ago < 200
    due = detected + datetime.timedelta(days=21 + index % 4 * 7)
    with recorded_on(detected + datetime.timedelta(days=6)):
        action = services.corrective_action_add(
            actor=officer,
            nonconformity=nc,
            description="Bổ sung bước kiểm tra vào quy trình; tập huấn lại cán bộ liên quan",
            owner=owner,
            due_date=due,
        )
        services.nonconformity_plan(actor=officer, nonconformity=nc)
        services.nonconformity_implement(actor=officer, nonconformity=nc)
    if overdue or due >= timezone.localdate() or days_ago <= 45:
        return
    with recorded_on(due - datetime.timedelta(days=2)):
        services.corrective_action_complete(
            actor=owner, action=action, note="Đã thực hiện, có biên bản kèm theo."
        )
        services.nonconformity_request_verification(actor=officer, nonconformity=nc)
    verified = due + datetime.timedelta(days=10 + index % 3 * 7)
    if verified >= timezone.localdate():
        return  # waiting for the effectiveness check
    with recorded_on(verified, hour=15):
        services.nonconformity_verify(
            actor=auditor, nonconformity=nc, effective=True, notes="Kiểm tra hồ sơ tháng sau: không tái diễn."
        )


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
