"""Procedures, departments and people for the dossiers tests (plain ORM, no services)."""

import datetime as dt
import itertools
import zoneinfo
from decimal import Decimal

from django.contrib.auth import get_user_model

from organisation.models import Department
from organisation.roles import Role
from organisation.selectors import role_group
from procedures.models import AdministrativeProcedure, ProcedureField, ProcedureStep

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_seq = itertools.count(1)


def at(y, m, d, hh=8, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


def department(code, name=None):
    return Department.objects.get_or_create(code=code, defaults={"name": name or f"Phòng {code}"})[0]


def procedure(code="1.005090", *, days="5", unit="working_days", dept=None, steps=()):
    field = ProcedureField.objects.get_or_create(code="VB", defaults={"name": "Văn bằng, chứng chỉ"})[0]
    proc, _created = AdministrativeProcedure.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Cấp bản sao văn bằng {code}",
            "field": field,
            "implementing_body": "Sở Giáo dục và Đào tạo",
            "department": dept or department("KT", "Phòng Khảo thí"),
            "processing_time": Decimal(days),
            "processing_time_unit": unit,
            "result": "Bản sao văn bằng",
        },
    )
    for order, (name, limit) in enumerate(steps, start=1):
        ProcedureStep.objects.get_or_create(
            procedure=proc, order=order, defaults={"name": name, "time_limit": Decimal(limit)}
        )
    return proc


def user(username, *, role=None, departments=()):
    person = get_user_model().objects.create_user(username, password="pw-Abcdef1!")
    if role:
        person.groups.add(role_group(role))
    for dept in departments:
        person.groups.add(dept.group)
    return person


def officer(username="officer"):
    return user(username, role=Role.OFFICER)
