"""An import batch (its stored dry-run plan and progress) and the marker on each version
that came in through an import: approved outside the system, imported by whom, when, from
which file. The documents app is not changed: the marker is a one-to-one row here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Dry run in progress")
        REFUSED = "refused", _("Source refused")
        PLANNED = "planned", _("Planned (dry run done)")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped with an error")

    source = models.CharField(_("source"), max_length=500)
    master_list = models.CharField(_("master list"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # The dry run's rows, applied exactly as planned (list of dicts, see transfer.planning).
    plan = models.JSONField(default=list)
    # Per-row outcome of the import, index -> {"outcome": ..., "message": ...}.
    results = models.JSONField(default=dict)
    position = models.PositiveIntegerField(_("rows processed"), default=0)
    # While the dry run is in progress: rows to check (position counts those checked).
    planning_total = models.PositiveIntegerField(default=0)
    # Why the source was refused (not a ZIP, unreadable master list), shown on its page.
    refusal = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["plan", "results", "position", "planning_total"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"#{self.pk} {self.source}"

    @property
    def total(self) -> int:
        return len(self.plan)

    @property
    def percent(self) -> int:
        if self.status == self.Status.PLANNING:
            return int(100 * self.position / self.planning_total) if self.planning_total else 0
        return 100 if not self.plan else int(100 * self.position / len(self.plan))

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.PLANNING, self.Status.RUNNING)


class ImportedVersion(models.Model):
    class Conversion(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        PENDING = "pending", _("Pending")
        DONE = "done", _("Converted")
        FAILED = "failed", _("Conversion failed")

    version = models.OneToOneField(
        "documents.DocumentVersion", on_delete=models.CASCADE, related_name="imported"
    )
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_path = models.CharField(_("source file"), max_length=1000)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    conversion = models.CharField(
        _("conversion"), max_length=20, choices=Conversion.choices, default=Conversion.NOT_NEEDED
    )
    conversion_message = models.TextField(blank=True)
    converted_pdf = models.FileField(upload_to="transfer/converted/", blank=True, max_length=255)
    # SHA-256 of converted_pdf: renditions and search read the PDF only if it still matches.
    converted_checksum = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("imported version")
        verbose_name_plural = _("imported versions")

    def __str__(self):
        return f"{self.version} ← {self.source_path}"
