"""The inbox: unread count in the menu, opening marks read, one user never sees another's."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy

from notifications.models import Notification
from notifications.services import notify, user_language_set
from tests.documents.factories import UserFactory

pytestmark = pytest.mark.django_db


def send(user, subject="Signature needed: %(number)s", number="QT-VP-01", url="/documents/"):
    return notify(
        recipient=user,
        kind="test",
        subject=gettext_lazy(subject),
        message="m",
        url=url,
        context={"number": number},
    )


def test_unread_count_shows_in_the_menu_and_opening_marks_read(client, django_capture_on_commit_callbacks):
    user = UserFactory(staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = send(user)
        send(user, number="QT-VP-02")
    assert len(mail.outbox) == 2
    client.force_login(user)
    home = client.get(reverse("notifications:inbox")).content.decode()
    assert "Inbox (2)" in home and "QT-VP-02" in home
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response.url == "/documents/"
    assert "Inbox (1)" in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("notifications:mark_all_read"))
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Inbox (" not in page and not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_user_never_opens_another_users_notification(client):
    owner, other = UserFactory(staff=True), UserFactory(staff=True)
    note = send(owner)
    client.force_login(other)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert "QT-VP-01" not in client.get(reverse("notifications:inbox")).content.decode()
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_an_external_url_is_never_followed(client):
    user = UserFactory(staff=True)
    note = send(user, url="https://evil.example/phish")
    client.force_login(user)
    assert client.get(reverse("notifications:open", args=[note.pk])).url == reverse("notifications:inbox")


def test_messages_are_written_in_the_recipients_language():
    user = UserFactory(staff=True)
    user_language_set(user=user, language="vi")
    note = send(user, subject="Inbox")
    assert note.subject == "Hộp thư"


def test_inbox_page_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    user = UserFactory(staff=True)
    for number in range(40):
        send(user, number=f"QT-{number}")
    client.force_login(user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_notify_many_writes_each_in_its_language_and_mails_after_commit(django_capture_on_commit_callbacks):
    from notifications.services import notify_many

    en, vi = UserFactory(staff=True), UserFactory(staff=True)
    user_language_set(user=vi, language="vi")
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(recipients=[en, vi], kind="test", subject=gettext_lazy("Inbox"), message="m")
    assert en.notifications.get().subject == "Inbox"
    assert vi.notifications.get().subject == "Hộp thư"
    assert len(mail.outbox) == 2
