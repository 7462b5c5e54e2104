from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery", "Pending")
    SENT = "sent", pgettext_lazy("delivery", "Sent")
    FAILED = "failed", pgettext_lazy("delivery", "Failed")


class Reminder(models.Model):
    """The outbox: one row per (kind, object, due event, recipient), written before any
    e-mail leaves. The unique key is what makes a reminder go out once, however many
    sweeps, beats or task retries run; delivery flips the row from pending to sent in the
    same transaction that sends the e-mail.

    No HistoricalRecords: the row is itself the delivery log (attempts, last error,
    who asked for a retry), written by the system.
    """

    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    due_key = models.CharField(_("due event"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField(pgettext_lazy("reminder", "due date"))
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retry requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        permissions = [("view_delivery_failures", _("Can see and retry failed reminder deliveries"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "due_key", "recipient"],
                name="reminder_once_per_due_event",
            )
        ]
        indexes = [
            # Pending rows are re-enqueued by every sweep; failures are listed for officers.
            models.Index(fields=["status", "created_at"], name="reminder_status_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.due_key} → {self.recipient_id}"
