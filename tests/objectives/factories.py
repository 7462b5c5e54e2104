"""The people around quality objectives, and objectives set through the real services."""

import datetime
from decimal import Decimal

from objectives import services
from tests.documents.factories import DepartmentFactory, UserFactory

YEAR = datetime.date.today().year


class People:
    def __init__(self):
        self.officer = UserFactory(officer=True, username="officer")
        self.head_of_org = UserFactory(approver=True, username="director")
        self.dept_head = UserFactory(staff=True, username="depthead")
        self.department = DepartmentFactory(code="TN", name="Phòng Tiếp nhận", head=self.dept_head)
        self.owner = UserFactory(staff=True, username="owner", departments=[self.department])
        self.colleague = UserFactory(staff=True, username="colleague", departments=[self.department])
        self.other = DepartmentFactory(code="KT", name="Phòng Kế toán")
        self.stranger = UserFactory(staff=True, username="stranger", departments=[self.other])
        self.auditor = UserFactory(auditor=True, username="auditor")


def make_objective(people, **overrides):
    fields = {
        "year": YEAR,
        "department": people.department,
        "statement": "Trả kết quả đúng hạn cho người dân",
        "indicator_name": "Tỷ lệ hồ sơ trả đúng hạn",
        "unit": "%",
        "direction": "up",
        "target": Decimal("95"),
        "threshold": Decimal("90"),
        "frequency": "monthly",
        "owner": people.owner,
    }
    fields.update(overrides)
    return services.objective_create(actor=people.officer, **fields)
