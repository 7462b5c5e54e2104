"""The one way to tell a user something: in-app inbox plus e-mail, in their language.

Callers run inside their own transaction; e-mail is enqueued only after it commits,
so a rolled-back action never mails anyone.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from notifications.models import Notification, UserPreference


def user_language(user) -> str:
    preference = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return preference or settings.LANGUAGE_CODE


def user_language_set(*, user, language: str) -> None:
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})


def notify(
    *, recipient, kind: str, subject, message, url: str = "", context=None, email=True
) -> Notification:
    """Create an inbox entry; ``subject``/``message`` are (lazy) translatable strings with
    %(name)s placeholders filled from ``context``, rendered in the recipient's language."""
    context = context or {}
    with translation.override(user_language(recipient)):
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            subject=str(subject) % context,
            message=str(message) % context,
            url=url,
        )
    if email and recipient.email:
        from notifications.tasks import notification_email_send

        transaction.on_commit(lambda: notification_email_send.delay(notification.pk))
    return notification


def notify_many(
    *, recipients, kind: str, subject, message, url: str = "", context=None, email=True
) -> list[Notification]:
    """``notify`` for many recipients at once (e.g. every reader of a newly effective
    version): one query for their languages, one insert per language, e-mails after commit."""
    recipients = list(recipients)
    if not recipients:
        return []
    context = context or {}
    languages = dict(
        UserPreference.objects.filter(user__in=recipients)
        .exclude(language="")
        .values_list("user_id", "language")
    )
    by_language: dict[str, list] = {}
    for user in recipients:
        by_language.setdefault(languages.get(user.pk) or settings.LANGUAGE_CODE, []).append(user)
    created = []
    for language, users in by_language.items():
        with translation.override(language):
            rendered_subject, rendered_message = str(subject) % context, str(message) % context
        created += Notification.objects.bulk_create(
            Notification(
                recipient=user, kind=kind, subject=rendered_subject, message=rendered_message, url=url
            )
            for user in users
        )
    if email:
        from notifications.tasks import notification_email_send

        ids = [
            n.pk
            for n, user in zip(created, [u for us in by_language.values() for u in us], strict=True)
            if user.email
        ]
        transaction.on_commit(lambda: [notification_email_send.delay(pk) for pk in ids])
    return created


def notification_mark_read(*, user, notification_id=None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
