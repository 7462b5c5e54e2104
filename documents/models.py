import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from documents.search import search_key
from documents.workflow import LOCKED_STATUSES, OPEN_STATUSES, DocumentStatus
from organisation.models import Department
from qms.errors import FrozenRecord


class DocumentType(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    numbering_pattern = models.CharField(
        _("numbering pattern"),
        max_length=100,
        default="{type}-{department}-{seq:02}",
        help_text=_("Placeholders: {type}, {department}, {year}, {seq} (e.g. {seq:02})."),
    )
    default_review_months = models.PositiveIntegerField(_("default review period (months)"), default=12)
    is_external = models.BooleanField(
        _("external origin"),
        default=False,
        help_text=_("Laws, standards and decrees received from outside; numbered in their own series."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self):
        return f"{self.code} – {self.name}"

    def clean(self):
        from documents.numbering import render_number

        try:
            render_number(self.numbering_pattern, type_code="QT", department_code="VP", year=2026, seq=1)
        except (KeyError, ValueError, IndexError):
            raise ValidationError(
                {"numbering_pattern": _("Unknown placeholder or bad format in the pattern.")}
            ) from None
        if "{seq" not in self.numbering_pattern:
            raise ValidationError({"numbering_pattern": _("The pattern must contain {seq}.")})


class Document(models.Model):
    class Confidentiality(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        CONFIDENTIAL = "confidential", _("Confidential")

    number = models.CharField(
        pgettext_lazy("document", "number"), max_length=100, unique=True, editable=False
    )
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)
    doc_type = models.ForeignKey(
        DocumentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="documents"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="documents"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_documents",
    )
    review_period_months = models.PositiveIntegerField(
        _("review period (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the document type's default."),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )
    distribution = models.ManyToManyField(
        Department, verbose_name=_("distribution"), blank=True, related_name="distributed_documents"
    )
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    source_reference = models.CharField(_("source reference"), max_length=200, blank=True)
    date_received = models.DateField(_("date received"), null=True, blank=True)
    retention_years = models.PositiveIntegerField(_("retention period (years)"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    # The effective version, kept by database triggers on the version table (migration
    # 0008) in the transaction that changes a status, whatever the path (service, update,
    # raw SQL): the visibility rule reads "has an effective version" from this column
    # instead of searching the versions (issue 12). Never written by Python.
    effective_version = models.OneToOneField(
        "DocumentVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["search_text", "effective_version"])

    class Meta:
        ordering = ["number"]
        indexes = [
            # the list's filters with its ORDER BY number (EXPLAINs in the issue 12 note)
            models.Index(fields=["department", "number"], name="document_department_number"),
            models.Index(fields=["doc_type", "number"], name="document_type_number"),
            models.Index(fields=["owner", "number"], name="document_owner_number"),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [
            ("register_document", _("Can register documents")),
            ("view_confidential_document", _("Can read a confidential document")),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_confidential(self):
        return self.confidentiality == self.Confidentiality.CONFIDENTIAL

    @property
    def has_open_revision(self) -> bool:
        """A draft, or a revision in review or approved, is under way (whoever may see it)."""
        prefetched = getattr(self, "open_revisions", None)
        if prefetched is not None:
            return bool(prefetched)
        return self.versions.filter(status__in=OPEN_STATUSES).exists()

    @property
    def review_months(self):
        return self.review_period_months or self.doc_type.default_review_months

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.number} {self.title} {self.source_reference}")
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not args
            and not kwargs.get("force_insert")
        ):
            # The triggers own effective_version: a stale copy in memory must not undo them.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "effective_version"
            ]
        super().save(*args, **kwargs)


class DocumentUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian permission: rows go with their document, never orphaned."""

    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)


class DocumentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)


def version_upload_to(instance, filename):
    # Unique stored name; the user's name is kept in original_filename. Never overwritten.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"versions/{instance.document_id}/{uuid.uuid4().hex}{suffix}"


class FrozenVersionError(FrozenRecord):
    """Raised when code tries to change the content of an approved or later version."""


class DocumentVersion(models.Model):
    # Fields that make up the content a signature vouches for; frozen once approved.
    CONTENT_FIELDS = (
        "document_id",
        "revision",
        "change_summary",
        "file",
        "original_filename",
        "content_type",
        "size",
        "checksum",
        "body",
        "author_id",
    )

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="versions"
    )
    revision = models.PositiveIntegerField(_("revision"))
    change_summary = models.TextField(_("change summary"), blank=True)
    file = models.FileField(_("file"), upload_to=version_upload_to, blank=True, max_length=255)
    original_filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    body = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_versions",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
        db_index=True,
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    next_review_date = models.DateField(_("next review date"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-revision"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        permissions = [
            ("submit_version", _("Can submit a version for review")),
            ("approve_version", _("Can approve or reject a version")),
            ("publish_version", _("Can publish an approved version")),
            ("withdraw_version", _("Can withdraw a version")),
            ("view_historical_version", _("Can read superseded and obsolete versions")),
            ("view_unapproved_version", _("Can read drafts and versions in review")),
        ]
        indexes = [
            # the home page's "recently effective" (ORDER BY effective_date DESC) and the
            # review reminders (next_review_date), over effective versions only
            models.Index(
                fields=["-effective_date", "-id"],
                condition=Q(status="effective"),
                name="version_effective_date",
            ),
            models.Index(
                fields=["next_review_date"], condition=Q(status="effective"), name="version_next_review"
            ),
            # an author's own drafts (the visibility rule's small per-user set)
            models.Index(fields=["author", "status", "document"], name="version_author_status"),
            # the home page's "my drafts": an author's newest open versions, read in order
            models.Index(
                fields=["author", "-created_at"],
                condition=Q(status__in=["draft", "in_review"]),
                name="version_author_open_recent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["document", "revision"], name="version_revision_unique"),
            # At most one effective version per document (a partial unique index:
            # holds on PostgreSQL and SQLite alike).
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="effective"),
                name="one_effective_version_per_document",
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="version_revision_positive"),
            models.CheckConstraint(
                condition=Q(revision=1) | ~Q(change_summary=""),
                name="version_change_summary_after_first",
            ),
        ]

    def __str__(self):
        return f"{self.document.number} rev. {self.revision_label}"

    @property
    def revision_label(self):
        return f"{self.revision:02d}"

    @property
    def is_locked(self):
        return self.status in LOCKED_STATUSES

    @property
    def is_pending_effective(self):
        return self.status == DocumentStatus.APPROVED and self.effective_date is not None

    def clean(self):
        if self.revision and self.revision > 1 and not self.change_summary.strip():
            raise ValidationError(
                {"change_summary": _("A change summary is required after the first revision.")}
            )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_content_change()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored in LOCKED_STATUSES:
            raise FrozenVersionError(_("An approved version can never be deleted."))
        return super().delete(*args, **kwargs)

    def _refuse_content_change(self):
        stored = type(self).objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS, "status").first()
        if stored is None or stored["status"] not in LOCKED_STATUSES:
            return
        for field in self.CONTENT_FIELDS:
            current = getattr(self, field)
            if field == "file":
                current = current.name if current else ""
            if current != stored[field]:
                raise FrozenVersionError(
                    _("Version is %(status)s; its content can no longer be changed.")
                    % {"status": DocumentStatus(stored["status"]).label.lower()}
                )


@receiver(pre_delete, sender=DocumentVersion, dispatch_uid="documents.version_frozen_delete")
def _refuse_deleting_locked_version(sender, instance, **kwargs):
    """QuerySet.delete() and cascades skip Model.delete(); this guard sees them too."""
    if instance.status in LOCKED_STATUSES:
        raise FrozenVersionError(_("An approved version can never be deleted."))


def attachment_upload_to(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"versions/{instance.version.document_id}/attachments/{uuid.uuid4().hex}{suffix}"


class VersionAttachment(models.Model):
    """A further file of a version (an annex, a form, a flow chart) beside its main file.

    Part of the version's content: frozen with it. An attachment of an approved or later
    version is never changed or deleted, and none is added to it (the model refuses here,
    the database triggers of migration 0010 refuse UPDATE and DELETE). The one exception is
    the import (transfer), which inserts a version already effective together with its
    attachments in the same transaction, as it inserts the version row itself; it writes
    them with bulk_create, past this guard, never afterwards.
    """

    CONTENT_FIELDS = ("version_id", "file", "original_filename", "content_type", "size", "checksum")

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.version_id}: {self.original_filename}"

    @classmethod
    def for_checked(cls, *, version, checked, uploaded_by) -> "VersionAttachment":
        """An unsaved attachment of ``version`` described by a content-checked upload
        (qms.uploads.CheckedFile): name, type, size and SHA-256 as checked."""
        return cls(
            version=version,
            original_filename=checked.original_filename,
            content_type=checked.content_type,
            size=checked.size,
            checksum=checked.checksum,
            uploaded_by=uploaded_by,
        )

    def _version_locked(self) -> bool:
        status = DocumentVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        return status in LOCKED_STATUSES

    def _frozen(self) -> FrozenVersionError:
        return FrozenVersionError(_("The version is approved; its attachments can no longer be changed."))

    def save(self, *args, **kwargs):
        if self._version_locked():
            raise self._frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version_locked():
            raise self._frozen()
        return super().delete(*args, **kwargs)


@receiver(pre_delete, sender=VersionAttachment, dispatch_uid="documents.attachment_frozen_delete")
def _refuse_deleting_locked_attachment(sender, instance, **kwargs):
    """QuerySet.delete() and cascades skip Model.delete(); this guard sees them too."""
    if instance._version_locked():
        raise instance._frozen()
