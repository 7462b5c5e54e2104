"""Renditions cache, controlled copies, status links and the access log."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class RenditionKind(models.TextChoices):
    # The controlled PDF: header on every page, manifest, revision history, QR code.
    # Cached without any watermark; the watermark is stamped per download.
    CONTROLLED = "controlled", _("Controlled PDF")


class Rendition(models.Model):
    """A built PDF of one version in one language: a cache, rebuilt when its
    fingerprint (content, signatures, revision history, layout) no longer matches.
    ``checksum`` is the SHA-256 of the stored PDF, checked before every use."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        BUILDING = "building", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        DAMAGED = "damaged", _("The source could not be read")
        TOO_LARGE = "too_large", _("Too large to render")
        STUCK = "stuck", _("Did not finish in time")
        SOURCE_CHANGED = "source_changed", _("The stored source file changed")

    version = models.ForeignKey(
        "documents.DocumentVersion", on_delete=models.CASCADE, related_name="renditions"
    )
    kind = models.CharField(max_length=20, choices=RenditionKind.choices, default=RenditionKind.CONTROLLED)
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="renditions/", blank=True, max_length=255)
    page_count = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(blank=True)
    failure = models.CharField(max_length=20, choices=Failure.choices, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "kind", "language"], name="rendition_one_per_kind"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="rendition_progress_percent"),
        ]

    def __str__(self):
        return f"{self.version_id}/{self.kind}/{self.language}: {self.state}"

    @property
    def is_ready(self):
        return self.state == self.State.READY and bool(self.file)


class IntegrityAlert(models.Model):
    """A stored file found missing or different from its recorded SHA-256. One open row
    per file and finding, so officers are told once, not on every request or sweep;
    closed (``resolved_at``) when the file checks out again."""

    class Problem(models.TextChoices):
        MISSING = "missing", _("missing")
        CHANGED = "changed", _("changed")

    file_name = models.CharField(_("file"), max_length=255)
    kind = models.CharField(_("kind of file"), max_length=60)
    object_label = models.CharField(_("record"), max_length=300, blank=True)
    problem = models.CharField(_("problem"), max_length=10, choices=Problem.choices)
    expected_checksum = models.CharField(_("recorded SHA-256"), max_length=64, blank=True)
    found_checksum = models.CharField(_("found SHA-256"), max_length=64, blank=True)
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-detected_at"]
        verbose_name = _("file integrity alert")
        verbose_name_plural = _("file integrity alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["file_name", "problem", "found_checksum"],
                condition=Q(resolved_at=None),
                name="integrity_alert_one_open_per_finding",
            )
        ]

    def __str__(self):
        return f"{self.file_name}: {self.problem}"


def status_token():
    return secrets.token_urlsafe(8)[:10]


class StatusLink(models.Model):
    """The short, unguessable address printed (with a QR code) on every rendition of
    one exact version; it never changes, so printed paper keeps working."""

    version = models.OneToOneField(
        "documents.DocumentVersion", on_delete=models.CASCADE, related_name="status_link"
    )
    token = models.CharField(max_length=16, unique=True, default=status_token)

    def __str__(self):
        return self.token


class ControlledCopy(models.Model):
    """A numbered paper copy of an effective version, held by a person or at a place."""

    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="controlled_copies",
    )
    number = models.PositiveIntegerField(_("copy number"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="controlled_copies",
    )
    holder_name = models.CharField(_("holder (name)"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    retrieved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retrieved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    retrieved_at = models.DateTimeField(_("retrieved at"), null=True, blank=True)
    retrieval_note = models.TextField(_("retrieval note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("controlled copy")
        verbose_name_plural = _("controlled copies")
        permissions = [("retrieve_controlledcopy", _("Can record the retrieval of a controlled copy"))]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="controlled_copy_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="controlled_copy_number_positive"),
            models.CheckConstraint(
                condition=~Q(holder=None) | ~Q(holder_name="") | ~Q(location=""),
                name="controlled_copy_has_holder_or_location",
            ),
            models.CheckConstraint(
                condition=Q(retrieved_at=None) | ~Q(retrieved_by=None),
                name="controlled_copy_retrieval_has_actor",
            ),
        ]

    def __str__(self):
        return f"{self.version} #{self.number}"

    @property
    def is_out(self):
        return self.retrieved_at is None

    @property
    def holder_display(self):
        parts = [self.holder.get_full_name() or self.holder.get_username()] if self.holder else []
        if self.holder_name:
            parts.append(self.holder_name)
        if self.location:
            parts.append(self.location)
        return " · ".join(parts)


class AccessEvent(models.Model):
    """One view or download of a version: who, when, which rendition. Append-only."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Viewed PDF")
        DOWNLOAD = "download", _("Downloaded PDF (uncontrolled copy)")
        CONTROLLED_COPY = "controlled_copy", _("Printed controlled copy")
        ORIGINAL = "original", _("Downloaded original file")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    # SET_NULL: a deleted draft keeps its log rows; the number and revision stay as text.
    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_events",
    )
    document_number = models.CharField(pgettext_lazy("document", "number"), max_length=100, db_index=True)
    revision = models.CharField(_("revision"), max_length=10)
    kind = models.CharField(_("rendition"), max_length=20, choices=Kind.choices)
    status_at_access = models.CharField(_("status then"), max_length=20)
    copy = models.ForeignKey(
        ControlledCopy, null=True, blank=True, on_delete=models.PROTECT, related_name="access_events"
    )
    via_api = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = pgettext_lazy("document access", "access log")
        indexes = [
            models.Index(fields=["version", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind} {self.version_id}"

    @property
    def status_label(self):
        from documents.workflow import DocumentStatus

        try:
            return DocumentStatus(self.status_at_access).label
        except ValueError:
            return self.status_at_access
