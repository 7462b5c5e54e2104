import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def notification_email_send(self, notification_id: int) -> bool:
    """E-mail one notification once. A deleted row or one already mailed is a no-op."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        link = f"{settings.QMS_SITE_URL}{notification.url}" if notification.url else ""
        try:
            send_mail(
                notification.subject,
                f"{notification.message}\n\n{link}".strip(),
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient.email],
            )
        except Exception as error:
            Notification.objects.filter(pk=notification_id).update(email_error=str(error)[:1000])
            raise
        notification.emailed_at = timezone.now()
        notification.email_error = ""
        notification.save(update_fields=["emailed_at", "email_error"])
    return True
