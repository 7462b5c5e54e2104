import datetime
import socket

import pytest
from django.core import mail
from django.urls import reverse

from reminders.models import DeliveryStatus, Reminder
from reminders.services import DeliveryFailed, reminder_deliver
from tests.documents.factories import UserFactory
from tests.reviews.factories import effective_document

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 1, 10)


@pytest.fixture
def dead_mail_server(settings):
    """A real SMTP backend pointed at a port where nothing listens: connection refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    return settings


def test_failing_mail_server_is_retried_nothing_lost_and_officers_see_it(sweep, dead_mail_server, client):
    # given a due reminder and a mail server that refuses connections
    effective_document(next_review_date=DUE)
    # when the sweep runs
    sweep(DUE)
    # then nothing was sent, the row waits with its error
    reminder = Reminder.objects.get()
    assert reminder.status == DeliveryStatus.PENDING
    assert reminder.attempts == 1
    assert "Connection refused" in reminder.last_error or "ConnectionRefused" in reminder.last_error
    # and officers see it on the failed-deliveries page
    officer = UserFactory(officer=True)
    client.force_login(officer)
    page = client.get(reverse("reminders:failed"))
    assert page.status_code == 200
    assert reminder.context["number"] in page.content.decode()
    # when the mail server is back and the sweep runs again (cron, or the next beat)
    dead_mail_server.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep(DUE)
    sweep(DUE)
    # then the reminder is delivered exactly once and leaves the officers' page
    reminder.refresh_from_db()
    assert reminder.status == DeliveryStatus.SENT
    assert reminder.attempts == 2
    assert len(mail.outbox) == 1
    assert reminder.context["number"] not in client.get(reverse("reminders:failed")).content.decode()


def test_after_the_last_retry_the_reminder_fails_and_an_officer_retries_it(
    sweep, dead_mail_server, client, django_capture_on_commit_callbacks
):
    # given a reminder whose last automatic attempt failed
    effective_document(next_review_date=DUE)
    from reminders.services import reminders_sweep

    reminders_sweep(today=DUE, enqueue=False)
    reminder = Reminder.objects.get()
    with pytest.raises(DeliveryFailed):
        reminder_deliver(reminder_id=reminder.pk, final_attempt=True)
    reminder.refresh_from_db()
    assert reminder.status == DeliveryStatus.FAILED
    # and the sweep does not hammer it again
    sweep(DUE)
    assert Reminder.objects.get().attempts == 1
    # when an officer retries after the mail server is fixed
    dead_mail_server.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer = UserFactory(officer=True)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reminders:retry", args=[reminder.pk]))
    # then it is sent, once, and the retry names the officer
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.status == DeliveryStatus.SENT
    assert reminder.retried_by == officer
    assert len(mail.outbox) == 1


def test_delivering_the_same_reminder_twice_sends_one_email(sweep):
    effective_document(next_review_date=DUE)
    from reminders.services import reminders_sweep

    reminders_sweep(today=DUE, enqueue=False)
    reminder = Reminder.objects.get()
    assert reminder_deliver(reminder_id=reminder.pk) is True
    assert reminder_deliver(reminder_id=reminder.pk) is False
    assert reminder_deliver(reminder_id=999999) is False
    assert len(mail.outbox) == 1


def test_failed_page_and_retry_are_404_for_non_officers(client):
    effective_document(next_review_date=DUE)
    from reminders.services import reminders_sweep

    reminders_sweep(today=DUE, enqueue=False)
    reminder = Reminder.objects.get()
    client.force_login(UserFactory(author=True))
    assert client.get(reverse("reminders:failed")).status_code == 404
    assert client.post(reverse("reminders:retry", args=[reminder.pk])).status_code == 404
    reminder.refresh_from_db()
    assert reminder.retried_by is None


def test_failed_page_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, dead_mail_server, sweep
):
    for _ in range(12):
        effective_document(next_review_date=DUE)
    sweep(DUE)
    client.force_login(UserFactory(officer=True))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reminders:failed"))
    assert response.content.decode().count("Retry now") == 12
