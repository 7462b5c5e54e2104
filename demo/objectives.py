"""The quality objectives part of the demo: five objectives of this year and last year,
organisation-wide and per department, with a year of monthly measurements (typed by their
owners, or computed by the system for the built-in indicators) and 6.2.2 plans; one
objective missed its target last month.

Idempotent: objectives are matched by year and indicator name.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from demo.clock import recorded_on
from objectives import services
from objectives.models import Objective
from organisation.models import Department

# department code (None: organisation-wide), indicator, statement, unit, direction, target,
# threshold, frequency, owner, built-in key, monthly values (oldest first) or None
OBJECTIVES = [
    (
        "VP",
        "Tỷ lệ hồ sơ trả kết quả đúng hạn",
        "Trả kết quả giải quyết thủ tục hành chính đúng hạn cho người dân và tổ chức.",
        "%",
        "up",
        "98",
        "95",
        "monthly",
        "officer",
        "",
        ["96.5", "97.2", "98.4", "98.9", "99.1", "97.8", "98.6", "99.0", "98.2", "99.3", "98.7", "99.4"],
    ),
    (
        None,
        "Mức độ hài lòng của người dân",
        "Nâng cao sự hài lòng của người dân đối với dịch vụ hành chính công.",
        "%",
        "up",
        "90",
        "85",
        "quarterly",
        "approver",
        "",
        ["86.0", "88.5", "91.2", "92.0"],
    ),
    (
        "GDTH",
        "Tỷ lệ cán bộ được đào tạo quy trình ISO",
        "Mọi cán bộ mới được đào tạo quy trình tiếp nhận hồ sơ trong ba tháng đầu.",
        "%",
        "up",
        "100",
        "90",
        "monthly",
        "staff",
        "",
        ["80", "85", "90", "92", "95", "100", "100", "96", "94", "91", "88", "84"],
    ),
    (
        "GDTRH",
        "",
        "Hoàn thành hành động khắc phục đúng thời hạn đã cam kết.",
        "",
        "up",
        "90",
        "75",
        "monthly",
        "author",
        "nc_actions_closed_on_time",
        None,
    ),
    (
        None,
        "",
        "Rút ngắn thời gian xử lý sự không phù hợp.",
        "",
        "down",
        "30",
        "45",
        "monthly",
        "auditor",
        "nc_mean_days_to_close",
        None,
    ),
]

PLANS = {
    "Tỷ lệ hồ sơ trả kết quả đúng hạn": [
        ("Theo dõi hạn trả kết quả trên sổ điện tử hằng ngày", "Phần mềm một cửa", "Văn phòng Sở", 3),
        ("Nhắc hạn tự động cho chuyên viên trước 2 ngày", "Phần mềm một cửa", "Văn phòng Sở", 6),
    ],
    "Tỷ lệ cán bộ được đào tạo quy trình ISO": [
        (
            "Tổ chức lớp đào tạo ISO cho cán bộ mới mỗi quý",
            "Giảng viên nội bộ, phòng họp",
            "Phòng Tổ chức cán bộ",
            9,
        ),
    ],
}


def _measure(objective, owner, values, today):
    periods = [p for p in objective.periods() if p[1] < today]
    for (start, end), value in zip(periods[-len(values) :], values[-len(periods) :], strict=False):
        with recorded_on(end + datetime.timedelta(days=3)):
            services.measurement_record(
                actor=owner, objective=objective, period_start=start, value=Decimal(value), comment=""
            )


def _objective(spec, people, departments, today, officer):
    code, name, statement, unit, direction, target, threshold, frequency, owner, key, values = spec
    owner = people[owner]
    made = []
    # A year of monthly measurements: last year's objective and this year's.
    for year in (today.year - 1, today.year):
        with recorded_on(datetime.date(year, 1, 5)):
            objective = services.objective_create(
                actor=officer,
                year=year,
                department=departments.get(code),
                statement=statement,
                indicator_name=name,
                indicator_key=key,
                unit=unit,
                direction=direction,
                target=Decimal(target),
                threshold=Decimal(threshold),
                frequency=frequency,
                owner=owner,
                plan=[
                    {
                        "what": what,
                        "resources": resources,
                        "responsible": who,
                        "due_date": datetime.date(year, month, 28),
                    }
                    for what, resources, who, month in PLANS.get(name, [])
                ],
            )
        if values:
            _measure(objective, owner, values, today)
        else:
            services.objective_compute(actor=officer, objective=objective, today=today)
        made.append(objective)
    return made


@transaction.atomic
def load() -> str:
    User = get_user_model()
    try:
        people = {
            u.username: u
            for u in User.objects.filter(username__in=["officer", "approver", "staff", "author", "auditor"])
        }
        officer = people["officer"]
    except KeyError:
        raise CommandError("The objectives part needs the users of the documents part.") from None
    departments = {d.code: d for d in Department.objects.all()}
    today = timezone.localdate()
    created = 0
    for spec in OBJECTIVES:
        name = spec[1]
        key = spec[9]
        exists = (
            Objective.objects.filter(year=today.year, statement=spec[2]).exists()
            if key
            else (Objective.objects.filter(year=today.year, indicator_name=name).exists())
        )
        if not exists:
            created += len(_objective(spec, people, departments, today, officer))
    total = Objective.objects.count()
    return f"Objectives: {total} ({created} new), {sum(o.measurements.count() for o in Objective.objects.all())} measurements."
