from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models import DocumentVersion


class VersionText(models.Model):
    """Where the text extraction of one version stands (one row per version)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DONE = "done", _("extracted")
        EMPTY = "empty", _("no text found")
        FAILED = "failed", _("failed")

    class Method(models.TextChoices):
        NONE = "", _("none")
        TEXT = "text", _("text layer")
        OCR = "ocr", _("OCR")
        BODY = "body", _("authored text")

    version = models.OneToOneField(DocumentVersion, on_delete=models.CASCADE, related_name="text_index")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, blank=True, default="")
    error = models.TextField(_("error"), blank=True)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    # The file's SHA-256 the text was taken from: `extract_text` skips versions already done.
    checksum = models.CharField(max_length=64, blank=True)
    extracted_at = models.DateTimeField(_("extracted at"), null=True, blank=True)
    # PostgreSQL: the version's full-text vector, written by the database alone (trigger
    # search_versiontext_vector, migration 0003) from the document's number, title, source
    # reference and issuer (weight A) and every page's folded text (weight D), whenever
    # this row is written or those document fields change; GIN-indexed. Whatever Python
    # puts here is replaced. SQLite: always NULL (the search reads the pages instead).
    vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["vector"])

    class Meta:
        verbose_name = _("extracted text")
        verbose_name_plural = _("extracted texts")

    def __str__(self):
        return f"{self.version} ({self.status})"


class VersionPage(models.Model):
    """The text of one page of a version (NFC) and its folded form, which the search reads.
    Rewritten as a whole by each extraction, so it keeps no history of its own: the
    VersionText row's history records every extraction."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="text_pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"))
    folded = models.TextField(editable=False)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="search_page_unique")]
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")

    def __str__(self):
        return f"{self.version} p. {self.number}"
