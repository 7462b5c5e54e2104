from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Outcome(models.TextChoices):
    NO_CHANGE = "no_change", _("No change")
    REVISE = "revise", _("Revise")
    WITHDRAW = "withdraw", _("Withdraw")


class PeriodicReview(models.Model):
    """One periodic review of a document's effective version (ISO 9001 7.5.2/7.5.3).

    A review recorded for a due date settles that date: reminders about it stop.
    """

    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("reviewed version"),
        on_delete=models.PROTECT,
        related_name="periodic_reviews",
    )
    due_date = models.DateField(_("review due date"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)
    next_review_date = models.DateField(_("next review date"), null=True, blank=True)
    new_version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("revision opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opened_by_reviews",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")
        permissions = [("record_any_review", _("Can record the periodic review of any document"))]
        indexes = [models.Index(fields=["version", "due_date"])]

    def __str__(self):
        return f"{self.version} {self.get_outcome_display()} {self.reviewed_at:%Y-%m-%d}"
