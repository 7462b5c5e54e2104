"""Overdue actions feed the reminders sweep; the dashboard's figures."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from nonconformities import selectors, services
from nonconformities.models import Nonconformity
from nonconformities.reminders import KIND_OVERDUE
from nonconformities.workflow import NonconformityStatus
from reminders.models import Reminder
from reminders.services import reminders_sweep
from tests.nonconformities.factories import make_nc, report

pytestmark = pytest.mark.django_db


def test_an_overdue_action_reminds_its_owner_and_the_nc_owner_once_a_week(cast):
    # given an action due in 14 days
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    action = nc.actions.get()
    late = action.due_date + datetime.timedelta(days=1)
    # when the sweep runs the day after, twice
    reminders_sweep(today=late, enqueue=False)
    reminders_sweep(today=late, enqueue=False)
    # then each person is reminded once
    rows = Reminder.objects.filter(kind=KIND_OVERDUE)
    assert sorted(rows.values_list("recipient__username", flat=True)) == ["actionowner", "owner"]
    assert rows.first().context["number"] == nc.number
    # a week later, once more
    reminders_sweep(today=late + datetime.timedelta(days=7), enqueue=False)
    assert Reminder.objects.filter(kind=KIND_OVERDUE).count() == 4


def test_a_done_action_is_no_longer_reminded(cast):
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    action = nc.actions.get()
    services.corrective_action_complete(actor=cast.action_owner, action=action, note="ok")
    reminders_sweep(today=action.due_date + datetime.timedelta(days=3), enqueue=False)
    assert not Reminder.objects.filter(kind=KIND_OVERDUE).exists()


def test_the_dashboard_counts_open_records_overdue_actions_and_days_to_close(cast):
    # given two open nonconformities and one closed after 10 days
    today = timezone.localdate()
    make_nc(cast, NonconformityStatus.OPEN, severity="major")
    make_nc(cast, NonconformityStatus.IMPLEMENTING, source="feedback")
    closed = make_nc(cast, NonconformityStatus.OPEN, date_detected=today - datetime.timedelta(days=10))
    from tests.nonconformities.factories import advance

    advance(cast, closed, NonconformityStatus.CLOSED)
    # when, 30 days later
    d = selectors.dashboard_for(cast.officer, today=today + datetime.timedelta(days=30))
    # then
    assert d["open_count"] == 2
    assert d["closed_count"] == 1
    assert d["average_days_to_close"] == 10
    assert {row["key"]: row["count"] for row in d["by_severity"]} == {"major": 1, "minor": 1}
    assert {row["key"]: row["count"] for row in d["by_source"]} == {"process_monitoring": 1, "feedback": 1}
    assert {row["key"]: row["count"] for row in d["by_age"]} == {"0–30": 2, "31–60": 0, "61–90": 0, "> 90": 0}
    assert d["overdue_count"] == 1


def test_repeat_nonconformities_are_the_same_clause_and_department_within_12_months(cast):
    today = timezone.localdate()
    first = report(cast, iso_clause="8.5.1", date_detected=today - datetime.timedelta(days=300))
    second = report(cast, iso_clause="8.5.1", date_detected=today - datetime.timedelta(days=10))
    report(cast, iso_clause="7.5", date_detected=today - datetime.timedelta(days=10))
    other_department = report(cast, iso_clause="8.5.1", department=cast.stranger_department())
    # far apart: not a repeat
    report(cast, iso_clause="9.1", date_detected=today - datetime.timedelta(days=700))
    report(cast, iso_clause="9.1", date_detected=today)
    repeats = selectors.repeat_nonconformities(Nonconformity.objects.all())
    assert repeats == [
        {
            "department": cast.department.code,
            "iso_clause": "8.5.1",
            "numbers": [first.number, second.number],
            "pks": [first.pk, second.pk],
        }
    ]
    assert other_department.number not in repeats[0]["numbers"]


def test_the_dashboard_page_draws_charts_without_the_internet(client, cast):
    make_nc(cast, NonconformityStatus.OPEN)
    client.force_login(cast.officer)
    response = client.get(reverse("nonconformities:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body


def test_staff_dashboards_count_only_what_they_may_see(cast):
    make_nc(cast, NonconformityStatus.OPEN)
    assert selectors.dashboard_for(cast.stranger)["open_count"] == 0
    assert selectors.dashboard_for(cast.reporter)["open_count"] == 1


def test_the_csv_register_is_excel_friendly_and_defuses_formulas(client, cast):
    report(cast, title='=HYPERLINK("http://evil")')
    client.force_login(cast.officer)
    response = client.get(reverse("nonconformities:export_csv"))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert "'=HYPERLINK" in text
    assert text.splitlines()[0].lstrip("\ufeff").startswith("Number,Title,Status")


def test_response_time_is_tracked(cast):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False):
        feedback = services.feedback_submit(subject="a", message="b")
    with time_machine.travel(datetime.datetime(2026, 3, 3, 14, 0, tzinfo=datetime.UTC), tick=False):
        services.feedback_answer(actor=cast.officer, feedback=feedback, answer="Đã trả lời")
    feedback.refresh_from_db()
    assert feedback.response_hours == 30.0
    d = selectors.dashboard_for(cast.officer)
    assert d["feedback"]["average_response_hours"] == 30.0
    assert selectors.dashboard_for(cast.auditor)["feedback"] is None


def test_the_overdue_reminder_is_delivered_by_e_mail(cast, mailoutbox, django_capture_on_commit_callbacks):
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    action = nc.actions.get()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(today=action.due_date + datetime.timedelta(days=2), enqueue=True)
    subjects = [m.subject for m in mailoutbox if nc.number in m.subject]
    assert f"Corrective action of {nc.number} is overdue" in subjects
    assert any(cast.action_owner.email in m.to for m in mailoutbox)
