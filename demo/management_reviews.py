"""The management review part of the demo, after the documents, audits, nonconformities
and (when present) risks and objectives parts: the head of the organisation ("director"),
some procedures mapped to ISO 9001 clauses, last year's review signed with one action
carried into this year, and this year's review prepared from the live registers.

Idempotent: the director by username, mappings by (clause, document), reviews by title.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from audits.models import Clause, ClauseDocument
from demo.documents import DEMO_PASSWORD
from documents.models import Document
from management_reviews import services
from management_reviews.models import ManagementReview, ReviewDecision
from organisation.models import Department
from organisation.roles import Role

SIGNED_TITLE = "Xem xét của lãnh đạo năm 2025"
PREPARED_TITLE = "Xem xét của lãnh đạo năm 2026"
# Demo documents (matched by the start of their title) and the clauses they implement.
CLAUSE_MAP = [
    ("Sổ tay chất lượng", ["4.3", "4.4", "5.2"]),
    ("Chính sách chất lượng", ["5.2"]),
    ("Quy trình kiểm soát thông tin dạng văn bản", ["7.5"]),
    ("Quy trình đánh giá nội bộ", ["9.2"]),
    ("Quy trình kiểm soát sự không phù hợp", ["10.2"]),
]


def _director(office_group):
    User = get_user_model()
    director, created = User.objects.get_or_create(
        username="director",
        defaults={"first_name": "Thành", "last_name": "Nguyễn Văn", "email": "director@sgddt.example.vn"},
    )
    if created:
        director.set_password(DEMO_PASSWORD)
        director.save()
    director.groups.add(Group.objects.get(name=Role.HEAD), Group.objects.get(name=Role.STAFF), office_group)
    return director


@transaction.atomic
def load() -> str:
    User = get_user_model()
    try:
        people = {
            name: User.objects.get(username=name) for name in ("officer", "approver", "auditor", "author")
        }
    except (User.DoesNotExist, Department.DoesNotExist):
        raise CommandError("The management review part needs the users of the documents part.") from None
    director = _director(Department.objects.get(code="SGDDT").group)
    mapped = _map_clauses(people["officer"])
    attendees = [people["officer"], people["approver"], people["auditor"], people["author"]]
    if not ManagementReview.objects.filter(title=SIGNED_TITLE).exists():
        _signed_review(people, director, attendees)
    if not ManagementReview.objects.filter(title=PREPARED_TITLE).exists():
        today = timezone.localdate()
        review = services.review_plan(
            actor=people["officer"],
            title=PREPARED_TITLE,
            period_start=datetime.date(today.year, 1, 1),
            period_end=today,
            meeting_date=today + datetime.timedelta(days=14),
            chair=director,
            attendees=attendees,
        )
        services.review_prepare(actor=people["officer"], review=review)
    return (
        f"Management reviews: {ManagementReview.objects.count()}, actions: {ReviewDecision.objects.count()}; "
        f"clause mappings: {mapped}; chair: director / {DEMO_PASSWORD}"
    )


def _map_clauses(officer) -> int:
    for prefix, numbers in CLAUSE_MAP:
        document = Document.objects.filter(title__startswith=prefix).order_by("pk").first()
        if document is None:
            continue
        for number in numbers:
            clause = Clause.objects.filter(number=number).first()
            if clause is not None:
                ClauseDocument.objects.get_or_create(
                    clause=clause, document=document, defaults={"created_by": officer}
                )
    return ClauseDocument.objects.count()


def _signed_review(people, director, attendees):
    officer = people["officer"]
    year = timezone.localdate().year - 1
    review = services.review_plan(
        actor=officer,
        title=SIGNED_TITLE,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        meeting_date=datetime.date(year + 1, 1, 20),
        chair=director,
        attendees=attendees,
    )
    services.review_prepare(actor=officer, review=review)
    for section in review.sections.filter(key__in=["c1", "d"]):
        services.section_comment(
            actor=officer,
            section=section,
            commentary={
                "c1": "Phản ánh của người dân được trả lời đúng hạn; cần rút ngắn thời gian phản hồi.",
                "d": "Bộ phận một cửa thiếu 01 cán bộ vào cao điểm tuyển sinh.",
            }[section.key],
        )
    services.decision_record(
        actor=officer,
        review=review,
        kind=ReviewDecision.Kind.RESOURCE_NEED,
        description="Bổ sung 01 cán bộ cho bộ phận một cửa trong mùa tuyển sinh.",
        owner=people["approver"],
        due_date=datetime.date(year + 1, 6, 30),
    )
    services.decision_record(
        actor=officer,
        review=review,
        kind=ReviewDecision.Kind.QMS_CHANGE,
        description="Sửa đổi quy trình kiểm soát thông tin dạng văn bản: áp dụng chữ ký điện tử.",
        owner=officer,
        due_date=datetime.date(year + 1, 3, 31),
    )
    services.review_hold(
        actor=officer, review=review, conclusions="HTQLCL phù hợp, được áp dụng và duy trì có hiệu lực."
    )
    services.review_sign(actor=director, review=review, password=DEMO_PASSWORD)
