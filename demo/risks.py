"""The risks part of the demo: fifteen risks and opportunities of the departments'
processes, recorded over the past year; a few treated (actions done, residual rating
recorded), one monitored, one closed, two due for review, links to the procedures and
to the objectives of the objectives part.

Idempotent: risks are matched by title.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from demo.clock import recorded_on
from documents.models import Document
from objectives.models import Objective
from organisation.models import Department
from risks import services
from risks.models import Risk
from risks.workflow import RiskAction, RiskKind

RISK, OPPORTUNITY = RiskKind.RISK, RiskKind.OPPORTUNITY
# kind, department, process, title, cause, consequence, party, likelihood, impact, owner,
# months ago recorded, stage ("open", "treated", "monitored", "closed"), residual (l, i) or None
RISKS = [
    (
        RISK,
        "VP",
        "Tiếp nhận và trả kết quả",
        "Trả kết quả hồ sơ quá hạn vào cao điểm tuyển sinh",
        "Lượng hồ sơ tăng gấp ba",
        "Người dân phàn nàn, mất uy tín",
        "Người dân",
        4,
        4,
        "officer",
        11,
        "monitored",
        (2, 3),
    ),
    (
        RISK,
        "VP",
        "Tiếp nhận và trả kết quả",
        "Thất lạc thành phần hồ sơ giấy",
        "Chuyển hồ sơ giữa các phòng bằng tay",
        "Phải yêu cầu người dân nộp lại",
        "Người dân",
        3,
        4,
        "officer",
        10,
        "treated",
        (2, 2),
    ),
    (
        RISK,
        "VP",
        "Kiểm soát tài liệu",
        "Sử dụng biểu mẫu hết hiệu lực",
        "Bản in cũ còn lưu ở bộ phận",
        "Hồ sơ không hợp lệ",
        "Cán bộ",
        3,
        3,
        "officer",
        9,
        "closed",
        (1, 2),
    ),
    (
        RISK,
        "TCCB",
        "Đào tạo cán bộ",
        "Cán bộ mới chưa nắm quy trình ISO",
        "Tuyển dụng giữa năm",
        "Sai sót khi tiếp nhận",
        "Cán bộ",
        4,
        3,
        "approver2",
        8,
        "treated",
        (2, 3),
    ),
    (
        RISK,
        "KHTC",
        "Thu phí, lệ phí",
        "Thu sai mức phí, lệ phí",
        "Văn bản quy định phí thay đổi",
        "Phải hoàn trả, khiếu nại",
        "Người dân",
        2,
        4,
        "officer",
        7,
        "open",
        None,
    ),
    (
        RISK,
        "GDTRH",
        "Chuyển trường học sinh",
        "Thiếu hồ sơ học bạ khi chuyển trường",
        "Trường cũ chậm gửi học bạ",
        "Trả kết quả trễ hạn",
        "Phụ huynh",
        3,
        3,
        "author",
        7,
        "open",
        None,
    ),
    (
        RISK,
        "GDTRH",
        "Cấp bản sao văn bằng",
        "Cấp bản sao sai thông tin",
        "Sổ gốc viết tay khó đọc",
        "Phải cấp lại",
        "Người học",
        2,
        5,
        "author",
        6,
        "treated",
        (1, 4),
    ),
    (
        RISK,
        "GDTH",
        "Tiếp nhận hồ sơ",
        "Quá tải bộ phận một cửa đầu năm học",
        "Hồ sơ tập trung tháng 8",
        "Người dân chờ lâu",
        "Người dân",
        5,
        3,
        "staff",
        5,
        "open",
        None,
    ),
    (
        RISK,
        "KTKD",
        "Tổ chức thi",
        "Lộ đề thi",
        "Nhiều khâu in sao đề",
        "Phải tổ chức thi lại",
        "Thí sinh",
        1,
        5,
        "auditor",
        5,
        "treated",
        (1, 3),
    ),
    (
        RISK,
        "KTKD",
        "Đánh giá nội bộ",
        "Chương trình đánh giá nội bộ không hoàn thành",
        "Chuyên gia đánh giá kiêm nhiệm",
        "Không phát hiện kịp sự không phù hợp",
        "Lãnh đạo Sở",
        3,
        3,
        "auditor",
        4,
        "open",
        None,
    ),
    (
        RISK,
        "TTR",
        "Giải quyết khiếu nại",
        "Trả lời khiếu nại quá thời hạn luật định",
        "Thiếu người",
        "Vi phạm Luật Khiếu nại",
        "Người dân",
        2,
        5,
        "officer",
        3,
        "open",
        None,
    ),
    (
        RISK,
        "VP",
        "Công nghệ thông tin",
        "Mất dữ liệu hồ sơ điện tử",
        "Không sao lưu định kỳ",
        "Không truy xuất được hồ sơ",
        "Người dân",
        2,
        5,
        "officer",
        2,
        "open",
        None,
    ),
    (
        OPPORTUNITY,
        "VP",
        "Tiếp nhận và trả kết quả",
        "Tiếp nhận hồ sơ trực tuyến mức độ 4",
        "Cổng dịch vụ công quốc gia sẵn sàng",
        "Giảm thời gian đi lại cho người dân",
        "Người dân",
        4,
        4,
        "officer",
        6,
        "open",
        None,
    ),
    (
        OPPORTUNITY,
        "GDTH",
        "Khảo sát sự hài lòng",
        "Khảo sát hài lòng bằng mã QR tại quầy",
        "Người dân dùng điện thoại thông minh",
        "Có số liệu hài lòng hằng tháng",
        "Người dân",
        4,
        3,
        "staff",
        3,
        "open",
        None,
    ),
    (
        OPPORTUNITY,
        "TCCB",
        "Đào tạo cán bộ",
        "Đào tạo trực tuyến quy trình ISO",
        "Có nền tảng học trực tuyến của ngành",
        "Đào tạo nhanh cán bộ mới",
        "Cán bộ",
        3,
        3,
        "approver2",
        1,
        "open",
        None,
    ),
]


def _stage(risk, stage, residual, people, officer, when):
    owner = risk.owner
    with recorded_on(when):
        action = services.treatment_action_add(
            actor=officer,
            risk=risk,
            description="Bổ sung biện pháp kiểm soát: " + risk.cause.lower(),
            owner=owner,
            due_date=when + datetime.timedelta(days=30),
        )
        risk = services.risk_transition(actor=officer, risk=risk, action=RiskAction.TREAT)
    with recorded_on(when + datetime.timedelta(days=25)):
        services.treatment_action_complete(
            actor=owner, action=action, note="Đã triển khai và phổ biến cho cán bộ.", effective=True
        )
        risk = services.risk_update(
            actor=officer, risk=risk, residual_likelihood=residual[0], residual_impact=residual[1]
        )
    if stage in ("monitored", "closed"):
        with recorded_on(when + datetime.timedelta(days=40)):
            risk = services.risk_transition(actor=officer, risk=risk, action=RiskAction.MONITOR)
    if stage == "closed":
        with recorded_on(when + datetime.timedelta(days=70)):
            services.risk_transition(actor=officer, risk=risk, action=RiskAction.CLOSE)


@transaction.atomic
def load() -> str:
    User = get_user_model()
    people = {u.username: u for u in User.objects.all()}
    if "officer" not in people:
        raise CommandError("The risks part needs the users of the documents part.")
    officer = people["officer"]
    departments = {d.code: d for d in Department.objects.all()}
    today = timezone.localdate()
    procedure = Document.objects.filter(doc_type__code="QT", department__code="VP").order_by("pk").first()
    on_time = Objective.objects.filter(
        year=today.year, indicator_name="Tỷ lệ hồ sơ trả kết quả đúng hạn"
    ).first()
    created = 0
    for index, spec in enumerate(RISKS):
        kind, code, process, title, cause, consequence, party, lik, imp, owner, months, stage, residual = spec
        if Risk.objects.filter(title=title).exists():
            continue
        when = today - datetime.timedelta(days=30 * months)
        # Two risks are due for review now; the others in three to nine months.
        review = (
            today - datetime.timedelta(days=3)
            if index in (4, 7)
            else today + datetime.timedelta(days=90 + 15 * index)
        )
        with recorded_on(when):
            risk = services.risk_register(
                actor=officer,
                kind=kind,
                title=title,
                department=departments[code],
                process=process,
                description=f"{title}: {cause.lower()}, dẫn tới {consequence.lower()}.",
                cause=cause,
                consequence=consequence,
                interested_party=party,
                existing_controls="Quy trình ISO hiện hành; sổ theo dõi",
                likelihood=lik,
                impact=imp,
                owner=people.get(owner, officer),
                next_review_date=review,
                documents=[procedure] if procedure and code == "VP" else [],
                objectives=[on_time] if on_time and index in (0, 12) else [],
            )
        if residual:
            _stage(risk, stage, residual, people, officer, when + datetime.timedelta(days=5))
        created += 1
    return f"Risks and opportunities: {Risk.objects.count()} ({created} new)."
