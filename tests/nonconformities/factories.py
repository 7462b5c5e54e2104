"""Nonconformities reached through the real services, at any stage of the lifecycle."""

import datetime

from django.utils import timezone

from nonconformities import services
from nonconformities.models import Nonconformity
from nonconformities.workflow import NonconformityStatus
from tests.documents.factories import DepartmentFactory, UserFactory

STAGES = [
    NonconformityStatus.OPEN,
    NonconformityStatus.CONTAINED,
    NonconformityStatus.ROOT_CAUSE,
    NonconformityStatus.ACTION_PLAN,
    NonconformityStatus.IMPLEMENTING,
    NonconformityStatus.VERIFICATION,
    NonconformityStatus.CLOSED,
]


class Cast:
    """The people around one nonconformity: who reports, answers, acts, verifies."""

    def __init__(self, department=None):
        self.officer = UserFactory(officer=True, username="officer")
        self.head = UserFactory(staff=True, username="head")
        self.department = department or DepartmentFactory(code="TN", name="Phòng Tiếp nhận", head=self.head)
        if self.department.head_id is None:
            self.department.head = self.head
            self.department.save()
        self.reporter = UserFactory(staff=True, username="reporter", departments=[self.department])
        self.owner = UserFactory(staff=True, username="owner", departments=[self.department])
        self.action_owner = UserFactory(staff=True, username="actionowner", departments=[self.department])
        self.auditor = UserFactory(auditor=True, username="auditor")
        self.stranger = UserFactory(staff=True, username="stranger")

    def stranger_department(self):
        return DepartmentFactory(code="KT", name="Phòng Kế toán")


def report(cast, **overrides) -> Nonconformity:
    fields = {
        "actor": cast.reporter,
        "title": "Hồ sơ trả chậm",
        "source": Nonconformity.Source.PROCESS_MONITORING,
        "department": cast.department,
        "description": "Ba hồ sơ trả kết quả quá hạn trong tháng 10.",
        "severity": Nonconformity.Severity.MINOR,
        "iso_clause": "8.5.1",
    }
    fields.update(overrides)
    nc = services.nonconformity_report(**fields)
    if nc.owner_id != cast.owner.pk:
        nc = services.nonconformity_assign(actor=cast.officer, nonconformity=nc, owner=cast.owner)
    return nc


def advance(cast, nc, status, *, verifier=None) -> Nonconformity:
    """Walk ``nc`` forward to ``status`` with real service calls by the right people."""
    target = STAGES.index(status)
    current = STAGES.index(nc.status)
    owner = cast.owner
    for stage in STAGES[current + 1 : target + 1]:
        if stage == NonconformityStatus.CONTAINED:
            nc = services.nonconformity_contain(
                actor=owner,
                nonconformity=nc,
                containment="Ưu tiên xử lý hồ sơ tồn",
                correction="Đã trả kết quả",
            )
        elif stage == NonconformityStatus.ROOT_CAUSE:
            nc = services.nonconformity_analyse(
                actor=owner,
                nonconformity=nc,
                five_whys=["Trả chậm", "Không theo dõi hạn"],
                cause_categories=["method"],
                root_cause="Không có sổ theo dõi hạn trả kết quả",
            )
        elif stage == NonconformityStatus.ACTION_PLAN:
            services.corrective_action_add(
                actor=owner,
                nonconformity=nc,
                description="Lập sổ theo dõi hạn trả kết quả",
                owner=cast.action_owner,
                due_date=timezone.localdate() + datetime.timedelta(days=14),
            )
            nc = services.nonconformity_plan(actor=owner, nonconformity=nc)
        elif stage == NonconformityStatus.IMPLEMENTING:
            nc = services.nonconformity_implement(actor=owner, nonconformity=nc)
        elif stage == NonconformityStatus.VERIFICATION:
            for action in nc.actions.filter(status="open"):
                services.corrective_action_complete(actor=action.owner, action=action, note="Đã lập sổ")
            nc = services.nonconformity_request_verification(actor=owner, nonconformity=nc)
        elif stage == NonconformityStatus.CLOSED:
            services.nonconformity_verify(
                actor=verifier or cast.auditor,
                nonconformity=nc,
                effective=True,
                notes="Không còn hồ sơ trễ hạn",
            )
            nc = Nonconformity.objects.get(pk=nc.pk)
    return nc


def make_nc(cast, status=NonconformityStatus.OPEN, **overrides) -> Nonconformity:
    return advance(cast, report(cast, **overrides), status)
