import datetime

import pytest
from django.apps import apps

from tests.audits.factories import make_audit
from tests.documents.factories import DepartmentFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("reminders"), reason="the reminders engine is not installed"),
]

START = datetime.date(2026, 3, 10)


def test_a_planned_audit_is_reminded_a_week_and_a_day_before_once_each():
    from reminders.models import Reminder
    from reminders.services import reminders_sweep

    # given
    head = UserFactory(staff=True)
    audit = make_audit(start=START, departments=[DepartmentFactory(code="TC", head=head)])
    # when: swept twice six days before, then the day before
    reminders_sweep(today=START - datetime.timedelta(days=6), enqueue=False)
    reminders_sweep(today=START - datetime.timedelta(days=5), enqueue=False)
    reminders_sweep(today=START - datetime.timedelta(days=1), enqueue=False)
    # then
    rows = Reminder.objects.filter(kind="audit_upcoming", object_id=audit.pk)
    assert sorted(rows.values_list("recipient_id", "due_key")) == sorted(
        [
            (audit.lead_auditor_id, "2026-03-10:d7"),
            (head.pk, "2026-03-10:d7"),
            (audit.lead_auditor_id, "2026-03-10:d1"),
            (head.pk, "2026-03-10:d1"),
        ]
    )


def test_a_started_or_distant_audit_is_not_reminded():
    from reminders.models import Reminder
    from reminders.services import reminders_sweep

    make_audit(start=START, status="in_progress")
    make_audit(start=START + datetime.timedelta(days=30))
    reminders_sweep(today=START - datetime.timedelta(days=3), enqueue=False)
    assert not Reminder.objects.filter(kind="audit_upcoming").exists()
