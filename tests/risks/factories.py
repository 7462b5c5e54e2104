"""The people around the risk register, and risks recorded through the real services."""

import datetime

from risks import services
from tests.documents.factories import DepartmentFactory, UserFactory


class People:
    def __init__(self):
        self.officer = UserFactory(officer=True, username="officer")
        self.head_of_org = UserFactory(approver=True, username="director")
        self.dept_head = UserFactory(staff=True, username="depthead")
        self.department = DepartmentFactory(code="TN", name="Phòng Tiếp nhận", head=self.dept_head)
        self.owner = UserFactory(staff=True, username="owner", departments=[self.department])
        self.action_owner = UserFactory(staff=True, username="doer", departments=[self.department])
        self.colleague = UserFactory(staff=True, username="colleague", departments=[self.department])
        self.other = DepartmentFactory(code="KT", name="Phòng Kế toán")
        self.stranger = UserFactory(staff=True, username="stranger", departments=[self.other])
        self.auditor = UserFactory(auditor=True, username="auditor")


def make_risk(people, *, actor=None, **overrides):
    fields = {
        "title": "Trả kết quả hồ sơ quá hạn",
        "department": people.department,
        "process": "Tiếp nhận và trả kết quả",
        "description": "Hồ sơ có thể bị trả quá hạn vào cao điểm.",
        "cause": "Thiếu người",
        "consequence": "Người dân phàn nàn",
        "interested_party": "Người dân",
        "existing_controls": "Sổ theo dõi",
        "likelihood": 4,
        "impact": 4,
        "owner": people.owner,
        "next_review_date": datetime.date.today() + datetime.timedelta(days=90),
    }
    fields.update(overrides)
    return services.risk_register(actor=actor or people.officer, **fields)


def in_days(n):
    return datetime.date.today() + datetime.timedelta(days=n)
