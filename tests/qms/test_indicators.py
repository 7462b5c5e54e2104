"""The built-in indicators (qms.indicators), each computed against records made here."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from qms import indicators
from tests.documents.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

JAN = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))


def at(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def d(day: int, month: int = 1) -> datetime.date:
    return datetime.date(2026, month, day)


def test_every_builtin_is_registered_with_a_direction():
    keys = {indicator.key for indicator in indicators.indicators()}
    assert {
        "documents_reviewed_on_time",
        "nc_actions_closed_on_time",
        "nc_mean_days_to_close",
        "feedback_answered_in_time",
        "read_and_understood_completion",
        "audit_programme_completion",
    } <= keys
    assert indicators.get("nc_mean_days_to_close").direction == indicators.DOWN


def test_a_bad_direction_is_refused():
    with pytest.raises(ValueError):
        indicators.Indicator(key="x", label="x", unit="%", direction="sideways", compute=lambda *a: None)


def test_corrective_actions_closed_on_time_and_mean_days_to_close():
    from nonconformities.models import CorrectiveAction, Nonconformity
    from nonconformities.workflow import NonconformityStatus
    from tests.nonconformities.factories import Cast, report

    cast = Cast()
    other = cast.stranger_department()
    nc = report(cast)
    elsewhere = report(cast, department=other)

    def action(parent, due, *, done=None, status=CorrectiveAction.State.OPEN):
        row = CorrectiveAction.objects.create(
            nonconformity=parent, description="x", owner=cast.owner, due_date=due, created_by=cast.owner
        )
        CorrectiveAction.objects.filter(pk=row.pk).update(status=status, completed_at=done and at(done))

    action(nc, d(10), done=d(9), status=CorrectiveAction.State.DONE)  # on time
    action(nc, d(10), done=d(12), status=CorrectiveAction.State.DONE)  # late
    action(nc, d(20))  # still open
    action(nc, d(20), status=CorrectiveAction.State.CANCELLED)  # left out
    action(elsewhere, d(15), done=d(15), status=CorrectiveAction.State.DONE)
    action(nc, d(5, 2), done=d(1, 2), status=CorrectiveAction.State.DONE)  # other month

    compute = indicators.get("nc_actions_closed_on_time").compute
    assert compute(*JAN) == Decimal("50.00")  # 2 of 4
    assert compute(*JAN, department=cast.department) == Decimal("33.33")
    assert compute(*JAN, department=other) == Decimal("100.00")
    assert compute(d(1, 3), d(31, 3)) is None

    Nonconformity.objects.filter(pk=nc.pk).update(
        status=NonconformityStatus.CLOSED, date_detected=d(1), closed_at=at(d(11))
    )
    Nonconformity.objects.filter(pk=elsewhere.pk).update(
        status=NonconformityStatus.CLOSED, date_detected=d(2), closed_at=at(d(22))
    )
    mean = indicators.get("nc_mean_days_to_close").compute
    assert mean(*JAN) == Decimal("15.00")  # (10 + 20) / 2
    assert mean(*JAN, department=other) == Decimal("20.00")
    assert mean(d(1, 2), d(28, 2)) is None


def test_feedback_answered_in_time(settings):
    from nonconformities.models import Feedback

    settings.QMS_FEEDBACK_ANSWER_DAYS = 10
    for n, (received, answered) in enumerate([(d(2), d(5)), (d(3), d(20)), (d(4), None), (d(1, 2), d(2, 2))]):
        Feedback.objects.create(
            reference=f"PA-{n}",
            subject="Hỏi",
            message="Nội dung",
            submitted_at=at(received),
            answered_at=answered and at(answered),
        )
    compute = indicators.get("feedback_answered_in_time").compute
    assert compute(*JAN) == Decimal("33.33")
    assert compute(*JAN, department=DepartmentFactory()) is None


def test_read_and_understood_completion_and_reviews_on_time():
    from approvals.models import Acknowledgement
    from documents.workflow import DocumentStatus
    from reviews.models import PeriodicReview
    from tests.documents.factories import make_document

    officer = UserFactory(officer=True)
    department = DepartmentFactory(code="VP", name="Văn phòng")
    version = make_document(
        officer=officer, department=department, status=DocumentStatus.EFFECTIVE
    ).versions.get()
    states = [
        Acknowledgement.Status.ACKNOWLEDGED,
        Acknowledgement.Status.ACKNOWLEDGED,
        Acknowledgement.Status.OPEN,
        Acknowledgement.Status.SUPERSEDED,
        Acknowledgement.Status.WITHDRAWN,
    ]
    for status in states:
        row = Acknowledgement.objects.create(version=version, user=UserFactory(), department=department)
        Acknowledgement.objects.filter(pk=row.pk).update(status=status, created_at=at(d(8)))
    compute = indicators.get("read_and_understood_completion").compute
    assert compute(*JAN) == Decimal("50.00")  # 2 of 4, the withdrawn one left out
    assert compute(*JAN, department=DepartmentFactory(code="KT")) is None

    for due, reviewed in [(d(10), d(9)), (d(20), d(25)), (d(10, 2), d(1, 2))]:
        review = PeriodicReview.objects.create(
            version=version, due_date=due, outcome="no_change", reviewed_by=officer
        )
        PeriodicReview.objects.filter(pk=review.pk).update(reviewed_at=at(reviewed))
    version.__class__.objects.filter(pk=version.pk).update(next_review_date=d(15))  # passed, not reviewed
    reviewed = indicators.get("documents_reviewed_on_time").compute
    assert reviewed(*JAN) == Decimal("33.33")  # 1 of 3
    assert reviewed(d(1, 2), d(28, 2)) == Decimal("100.00")


def test_audit_programme_completion():
    from audits.models import Audit, AuditProgramme, ProgrammeItem
    from tests.audits.factories import make_audit

    planner = UserFactory(officer=True)
    tc = DepartmentFactory(code="TC", name="Phòng Tổ chức cán bộ")
    kt = DepartmentFactory(code="KT", name="Phòng Kế toán")
    programme = AuditProgramme.objects.create(year=2026, created_by=planner)
    ProgrammeItem.objects.create(programme=programme, department=tc, frequency=2)
    ProgrammeItem.objects.create(programme=programme, department=kt, frequency=2)
    done = make_audit(departments=[tc], start=d(10, 3))
    planned = make_audit(departments=[kt], start=d(10, 4))  # still planned
    Audit.objects.filter(pk__in=[done.pk, planned.pk]).update(programme=programme)
    Audit.objects.filter(pk=done.pk).update(status="reported")

    compute = indicators.get("audit_programme_completion").compute
    assert compute(d(1, 3), d(31, 3)) == Decimal("25.00")  # 1 of the 4 planned this year
    assert compute(d(1, 3), d(31, 3), department=tc) == Decimal("50.00")
    assert compute(d(1, 1), d(31, 1)) == Decimal("0.00")
    assert compute(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)) is None
