import datetime

import pytest
import time_machine
from django.core import mail

from approvals.models import Acknowledgement, ApprovalRoute
from approvals.selectors import active_stage, route_progress
from documents.workflow import DocumentStatus
from reminders.models import Reminder
from tests.approvals.factories import approve_through_route
from tests.documents.factories import UserFactory, make_document
from tests.reviews.factories import effective_document, effective_version

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 4, 1, 9, 0)


def test_signers_of_the_active_stage_are_reminded_after_three_days_then_weekly(sweep, settings):
    # given a version submitted on 01/04 whose route waits for an approver's signature
    settings.QMS_REMINDER_SIGNATURE_WAIT_DAYS = 3
    UserFactory(approver=True)
    with time_machine.travel(START, tick=False):
        document = make_document(status=DocumentStatus.IN_REVIEW)
    version = document.versions.get()
    current = active_stage(route_progress(ApprovalRoute.objects.get(version=version)))
    waiting = current.eligible - current.approved_by
    assert waiting
    # when the sweep runs on days 2, 3 and 10 after submission
    sweep(datetime.date(2026, 4, 3))
    assert not Reminder.objects.exists()
    sweep(datetime.date(2026, 4, 4))
    sweep(datetime.date(2026, 4, 4))
    # then exactly the signers the route is waiting for are reminded once, and again a week later
    assert set(Reminder.objects.values_list("recipient_id", flat=True)) == waiting
    assert Reminder.objects.count() == len(waiting)
    sweep(datetime.date(2026, 4, 11))
    assert Reminder.objects.count() == 2 * len(waiting)
    assert all(document.number in message.subject for message in mail.outbox)


def test_no_signature_reminder_once_the_route_is_complete(sweep):
    with time_machine.travel(START, tick=False):
        document = make_document(status=DocumentStatus.IN_REVIEW)
        approve_through_route(document.versions.get())
    sweep(datetime.date(2026, 4, 20))
    assert not Reminder.objects.filter(kind="approval_signature_waiting").exists()


def test_outstanding_acknowledgements_are_reminded_weekly_until_confirmed(sweep, settings):
    # given two readers asked on 01/04 to read an effective version
    settings.QMS_REMINDER_ACKNOWLEDGEMENT_WAIT_DAYS = 7
    version = effective_version(effective_document())
    lan, minh = UserFactory(staff=True), UserFactory(staff=True)
    with time_machine.travel(START, tick=False):
        Acknowledgement.objects.create(version=version, user=lan)
        minh_task = Acknowledgement.objects.create(version=version, user=minh)
    # when the sweep runs before 7 days, at 7 days, and after Minh confirmed, a week later
    sweep(datetime.date(2026, 4, 7))
    assert not Reminder.objects.filter(kind="acknowledgement_outstanding").exists()
    sweep(datetime.date(2026, 4, 8))
    Acknowledgement.objects.filter(pk=minh_task.pk).update(status=Acknowledgement.Status.ACKNOWLEDGED)
    sweep(datetime.date(2026, 4, 15))
    # then Lan was reminded twice, Minh once
    reminders = Reminder.objects.filter(kind="acknowledgement_outstanding")
    assert sorted(reminders.values_list("recipient__username", "due_key")) == sorted(
        [(lan.username, "w0"), (minh.username, "w0"), (lan.username, "w1")]
    )
