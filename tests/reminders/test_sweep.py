import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from documents.models import DocumentVersion
from documents.workflow import DocumentStatus
from notifications.models import Notification
from notifications.services import user_language_set
from organisation.services import SYSTEM_USERNAME
from reminders import registry
from reminders.models import DeliveryStatus, Reminder
from reviews.models import Outcome
from reviews.services import review_record
from tests.documents.factories import DepartmentFactory, UserFactory
from tests.reviews.factories import approved_document, effective_document, effective_version

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 1, 10)


def day(year, month, dom):
    return time_machine.travel(datetime.datetime(year, month, dom, 8, 0), tick=False)


def subjects():
    return [message.subject for message in mail.outbox]


def test_owner_is_reminded_30_and_7_days_before_and_on_the_day_once_each(sweep):
    # given a document due for review on 10/01/2027
    owner = UserFactory(author=True, email="owner@example.org")
    document = effective_document(owner=owner, next_review_date=DUE)
    # when the daily sweep runs every day from 1 December to the due date, some days twice
    sent_on = []
    current = datetime.date(2026, 12, 1)
    while current <= DUE:
        before = len(mail.outbox)
        sweep(current)
        sweep(current)
        if len(mail.outbox) > before:
            sent_on.append((current, len(mail.outbox) - before))
        current += datetime.timedelta(days=1)
    # then exactly three e-mails went out, on the days of the offsets
    assert sent_on == [(datetime.date(2026, 12, 11), 1), (datetime.date(2027, 1, 3), 1), (DUE, 1)]
    assert all(document.number in subject for subject in subjects())
    assert mail.outbox[0].to == ["owner@example.org"]


def test_a_missed_sweep_catches_up_with_the_nearest_offset_only(sweep):
    # given a document due in 5 days and no sweep for weeks (beat was down)
    effective_document(next_review_date=DUE)
    # when the sweep runs 5 days before the date
    sweep(DUE - datetime.timedelta(days=5))
    # then one reminder (the 7-day one) goes out, not the 30-day one as well
    assert Reminder.objects.get().due_key == f"{DUE}:7d"
    assert len(mail.outbox) == 1


def test_overdue_reminds_weekly_and_escalates_to_the_head_after_the_configured_days(sweep, settings):
    # given an overdue review in a department with a head, escalation after 14 days
    settings.QMS_REMINDER_ESCALATE_AFTER_DAYS = 14
    head = UserFactory(approver=True, email="head@example.org")
    department = DepartmentFactory(code="TC", name="Phòng Tổ chức", head=head)
    owner = UserFactory(author=True, email="owner@example.org", departments=[department])
    effective_document(owner=owner, department=department, next_review_date=DUE)
    # when the sweep runs every day for four weeks after the due date
    for offset in range(1, 29):
        sweep(DUE + datetime.timedelta(days=offset))
    # then the owner got one reminder a week, and the head one a week from day 14 on
    to_owner = Reminder.objects.filter(kind="review_overdue", recipient=owner)
    to_head = Reminder.objects.filter(kind="review_overdue_head", recipient=head)
    assert sorted(to_owner.values_list("due_key", flat=True)) == [f"{DUE}:w{n}" for n in range(4)]
    assert sorted(to_head.values_list("due_key", flat=True)) == [f"{DUE}:w1", f"{DUE}:w2", f"{DUE}:w3"]
    assert len([m for m in mail.outbox if m.to == ["head@example.org"]]) == 3
    assert len([m for m in mail.outbox if m.to == ["owner@example.org"]]) == 4


def test_recording_the_review_stops_the_reminders(sweep):
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=DUE))
    sweep(DUE + datetime.timedelta(days=1))
    assert len(mail.outbox) == 1
    with day(2027, 1, 12):
        review_record(actor=owner, version=version, outcome=Outcome.REVISE, comment="Cần cập nhật")
    for offset in range(2, 30):
        sweep(DUE + datetime.timedelta(days=offset))
    assert len(mail.outbox) == 1


def test_email_is_html_and_text_in_the_recipients_language_with_document_date_and_link(sweep, settings):
    # given an owner who reads Vietnamese
    settings.QMS_SITE_URL = "https://qms.example.gov.vn"
    owner = UserFactory(author=True, first_name="Lan", last_name="Nguyễn")
    user_language_set(user=owner, language="vi")
    document = effective_document(owner=owner, next_review_date=DUE, title="Quy trình tuyển sinh")
    version = effective_version(document)
    # when the reminder 7 days before goes out
    sweep(DUE - datetime.timedelta(days=7))
    # then it is in Vietnamese, names the document, the date dd/mm/yyyy and links to the review page
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "xem xét định kỳ" in message.subject.lower()
    assert document.number in message.subject
    for body in (message.body, html):
        assert "Quy trình tuyển sinh" in body
        assert "10/01/2027" in body
        assert f"https://qms.example.gov.vn/reviews/versions/{version.pk}/" in body
    assert message.alternatives[0][1] == "text/html"
    # and the owner's inbox has it too
    assert Notification.objects.filter(recipient=owner, kind="review_due").count() == 1


def test_english_reader_gets_english(sweep):
    owner = UserFactory(author=True)
    user_language_set(user=owner, language="en")
    effective_document(owner=owner, next_review_date=DUE)
    sweep(DUE)
    assert mail.outbox[0].subject.startswith("Periodic review due 10/01/2027")


def test_approved_version_takes_effect_on_its_date_as_the_system_user(sweep):
    # given a version approved to take effect on 01/02/2027
    document = approved_document(effective_date=datetime.date(2027, 2, 1))
    version = document.versions.get()
    # when the sweep runs the day before, then on the day
    sweep(datetime.date(2027, 1, 31))
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    with day(2027, 2, 1):
        sweep()
    # then it is effective from that day, with its review date, and history names the system user
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert version.next_review_date == datetime.date(2028, 2, 1)
    assert version.history.latest().history_user.username == SYSTEM_USERNAME


def test_sweep_twice_sends_nothing_twice(sweep):
    for _ in range(3):
        effective_document(next_review_date=DUE)
    first = sweep(DUE)
    second = sweep(DUE)
    assert first.recorded == 3
    assert second.recorded == 0
    assert len(mail.outbox) == 3
    assert set(Reminder.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_new_kind_is_one_small_function_and_a_broken_kind_does_not_stop_the_others(sweep):
    # given an app that registers its own due event, and one that is broken
    owner = UserFactory(author=True)
    document = effective_document(owner=owner)

    def hello(today):
        yield registry.DueEvent(
            model=DocumentVersion,
            object_id=effective_version(document).pk,
            due_key=str(today),
            recipient_id=owner.pk,
            due_date=today,
            context={"number": document.number, "title": document.title},
        )

    def broken(today):
        raise RuntimeError("bug in another app")

    registry.register("test_hello", hello, subject="Hello %(number)s", message="Due %(due_date)s", order=1)
    registry.register("test_broken", broken, order=0)
    try:
        # when the sweep runs
        result = sweep(DUE)
    finally:
        registry.unregister("test_hello")
        registry.unregister("test_broken")
    # then the new kind's reminder went out and the broken kind is reported
    assert subjects() == [f"Hello {document.number}"]
    assert "bug in another app" in result.errors["test_broken"]


def test_send_reminders_command_runs_the_same_sweep(django_capture_on_commit_callbacks, capsys):
    effective_document(next_review_date=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", str(DUE))
        call_command("send_reminders", "--date", str(DUE))
    assert len(mail.outbox) == 1
    assert "review_due: 1 due" in capsys.readouterr().out


def test_daily_sweep_is_scheduled_in_the_database_and_officers_may_change_it():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Daily reminder sweep")
    assert task.task == "reminders.tasks.reminders_sweep"
    assert (task.crontab.hour, task.crontab.minute) == ("6", "0")
    assert task.enabled
    officer = UserFactory(officer=True)
    assert officer.has_perm("django_celery_beat.change_periodictask")
    assert officer.has_perm("reminders.view_delivery_failures")
