"""An import batch (its progress), the rows of its stored dry-run plan and the marker on each version
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
    # Rows of the plan (ImportRow), counted when the dry run ends.
    total = models.PositiveIntegerField(_("rows in the plan"), default=0)
    position = models.PositiveIntegerField(_("rows processed"), default=0)
    # While the dry run is in progress: rows to check (position counts those checked).
    planning_total = models.PositiveIntegerField(default=0)
    # Why the source was refused (not a ZIP, unreadable master list), shown on its page.
    refusal = models.TextField(blank=True)
    # Why the import stopped as a whole (the source could not be read any more); the rows
    # done before it keep their own outcome.
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["total", "position", "planning_total"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"#{self.pk} {self.source}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.PLANNING:
            return int(100 * self.position / self.planning_total) if self.planning_total else 0
        return 100 if not self.total else int(100 * self.position / self.total)

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.PLANNING, self.Status.RUNNING)


class ImportRow(models.Model):
    """One row of a batch's dry-run plan (``data``: the row dict of transfer.planning), and
    once imported its outcome. ``position`` is the order the import applies the rows in;
    while the dry run writes them it is negative (the order they were read in) and the
    planner numbers them 0.. once it has sorted them (see planning.rows_number)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    position = models.IntegerField()
    action = models.CharField(max_length=20)
    number = models.CharField(max_length=100, blank=True)
    revision = models.IntegerField(null=True, blank=True)
    file = models.CharField(max_length=1000, blank=True)
    data = models.JSONField(default=dict)
    outcome = models.CharField(max_length=20, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="transfer_row_position")]
        indexes = [
            models.Index(fields=["batch", "action"], name="transfer_row_action"),
            models.Index(fields=["batch", "outcome"], name="transfer_row_outcome"),
            # the planner reads the rows a document at a time, in order of number and revision
            models.Index(fields=["batch", "number", "revision"], name="transfer_row_number"),
        ]
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")

    def __str__(self):
        return f"#{self.batch_id}:{self.position} {self.action} {self.number}"


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
