import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.workflow import FROZEN_STATUSES, AuditStatus
from qms.errors import FrozenRecord


class FrozenAuditRecordError(FrozenRecord):
    """Raised when code tries to change a finding or report of a reported audit."""


class Clause(models.Model):
    """A clause of ISO 9001:2015 (4 to 10 and their sub-clauses), loaded by a migration."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    parent = models.ForeignKey(
        "self",
        verbose_name=pgettext_lazy("clause", "parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "07.01.05.01": sorts 7.1.5.1 after 7.1.5 and 10 after 9.
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("ISO 9001 clause")
        verbose_name_plural = _("ISO 9001 clauses")

    def __str__(self):
        return f"{self.number} {self.title}"

    @staticmethod
    def sort_key_for(number: str) -> str:
        return ".".join(f"{int(part):02d}" for part in number.split("."))

    @property
    def title(self):
        return self.title_vi if (get_language() or "").startswith("vi") else self.title_en

    def save(self, *args, **kwargs):
        self.sort_key = self.sort_key_for(self.number)
        super().save(*args, **kwargs)


class AuditorQualification(models.Model):
    """The simple qualification record of an internal auditor (ISO 9001 7.2, 9.2.2 c)."""

    auditor = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auditor"),
        on_delete=models.CASCADE,
        related_name="auditor_qualification",
    )
    training_date = models.DateField(_("training date"), null=True, blank=True)
    training_course = models.CharField(_("training course"), max_length=200, blank=True)
    qualified = models.BooleanField(_("qualified"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["auditor__username"]
        verbose_name = _("auditor qualification")
        verbose_name_plural = _("auditor qualifications")

    def __str__(self):
        return f"{self.auditor} ({'qualified' if self.qualified else 'not qualified'})"


class AuditProgramme(models.Model):
    """The audit programme of one year (ISO 9001 9.2.2 a)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    objectives = models.TextField(_("objectives"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")

    def __str__(self):
        return str(_("Audit programme %(year)s") % {"year": self.year})


class ProgrammeItem(models.Model):
    """One department or process to cover in the year, with the clauses and how often."""

    class Importance(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class PastResult(models.TextChoices):
        NOT_AUDITED = "not_audited", _("Not audited before")
        CONFORMING = "conforming", _("No nonconformity")
        MINOR_NC = "minor_nc", _("Minor nonconformities")
        MAJOR_NC = "major_nc", _("Major nonconformity")

    programme = models.ForeignKey(
        AuditProgramme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="items"
    )
    department = models.ForeignKey(
        "organisation.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    process = models.CharField(_("process"), max_length=200, blank=True)
    clauses = models.ManyToManyField(Clause, verbose_name=_("clauses"), related_name="+")
    importance = models.CharField(
        _("importance"), max_length=10, choices=Importance.choices, default=Importance.MEDIUM
    )
    past_result = models.CharField(
        _("result of previous audits"),
        max_length=20,
        choices=PastResult.choices,
        default=PastResult.NOT_AUDITED,
    )
    frequency = models.PositiveSmallIntegerField(
        _("audits per year"),
        help_text=_("Suggested from importance and past results; may be changed."),
    )
    history = HistoricalRecords(m2m_fields=[clauses])

    class Meta:
        ordering = ["programme", "department__code", "process"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        constraints = [
            models.CheckConstraint(condition=Q(frequency__gte=1), name="programme_item_frequency_positive")
        ]

    def __str__(self):
        return f"{self.programme.year} {self.department.code} {self.process}".strip()

    @classmethod
    def suggested_frequency(cls, importance: str, past_result: str) -> int:
        """Important processes and ones with past nonconformities are audited more often."""
        base = {cls.Importance.HIGH: 2, cls.Importance.MEDIUM: 1, cls.Importance.LOW: 1}[importance]
        extra = {cls.PastResult.MAJOR_NC: 2, cls.PastResult.MINOR_NC: 1}.get(past_result, 0)
        return base + extra


class ChecklistTemplate(models.Model):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self):
        return self.title


class ChecklistQuestion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("controlled document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self):
        return self.text[:80]


class Audit(models.Model):
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    programme = models.ForeignKey(
        AuditProgramme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    departments = models.ManyToManyField(
        "organisation.Department", verbose_name=_("audited departments"), related_name="audits"
    )
    processes = models.TextField(_("processes"), blank=True, help_text=_("One process per line."))
    clauses = models.ManyToManyField(Clause, verbose_name=_("clauses"), blank=True, related_name="audits")
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents"), blank=True, related_name="audits"
    )
    criteria = models.TextField(_("audit criteria"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead auditor"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("audit team"), blank=True, related_name="audit_teams"
    )
    auditee_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("auditee contacts"), blank=True, related_name="+"
    )
    checklist_template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED, db_index=True
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[departments, clauses, team])

    class Meta:
        ordering = ["-planned_start", "-pk"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        permissions = [
            ("view_all_audits", _("Can see every audit")),
            ("plan_audit", _("Can plan audits and keep the audit programme")),
            ("close_audit", _("Can close a reported audit")),
            ("manage_auditor_qualification", _("Can keep auditor qualification records")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")), name="audit_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def is_frozen(self):
        return self.status in FROZEN_STATUSES

    @property
    def audit_date(self):
        """The date the audit is held: when it started, else the planned start."""
        from django.utils import timezone

        return timezone.localdate(self.started_at) if self.started_at else self.planned_start

    @property
    def process_list(self) -> list[str]:
        return [line.strip() for line in self.processes.splitlines() if line.strip()]


class ChecklistItem(models.Model):
    """A question of the audit's own checklist (copied from the template at planning) and its answer."""

    class Result(models.TextChoices):
        CONFORMING = "conforming", _("Conforming")
        NONCONFORMING = "nonconforming", _("Nonconforming")
        OBSERVATION = "observation", _("Observation")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="checklist"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("controlled document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    evidence = models.TextField(_("evidence notes"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.text[:80]


def evidence_upload_to(instance, filename):
    # Unique stored name; the user's name is kept in original_filename. Never overwritten.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"audits/{instance.item.audit_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A photo or file attached to a checklist answer; served only through a checked view."""

    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    original_filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_filename


class Finding(models.Model):
    """An audit finding. Once the audit is reported it is frozen (model and database
    trigger); a correction is a new finding pointing at the one it corrects."""

    class Category(models.TextChoices):
        MAJOR_NC = "major_nc", _("Major nonconformity")
        MINOR_NC = "minor_nc", _("Minor nonconformity")
        OBSERVATION = "observation", _("Observation")
        OFI = "ofi", _("Opportunity for improvement")
        GOOD_PRACTICE = "good_practice", _("Good practice")

    NONCONFORMITIES = (Category.MAJOR_NC, Category.MINOR_NC)
    CONTENT_FIELDS = (
        "audit_id",
        "sequence",
        "category",
        "clause_id",
        "department_id",
        "statement",
        "evidence",
        "checklist_item_id",
        "corrects_id",
        "created_by_id",
    )

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    sequence = models.PositiveIntegerField(_("number"), editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.PROTECT, related_name="findings"
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="audit_findings",
    )
    statement = models.TextField(_("finding"))
    evidence = models.TextField(_("audit evidence"))
    checklist_item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    frozen = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "sequence"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [models.UniqueConstraint(fields=["audit", "sequence"], name="finding_sequence_unique")]

    def __str__(self):
        return f"{self.reference} {self.get_category_display()}"

    @property
    def reference(self) -> str:
        return f"{self.audit.reference}/F{self.sequence:02d}"

    @property
    def is_nonconformity(self) -> bool:
        return self.category in self.NONCONFORMITIES

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("frozen", *self.CONTENT_FIELDS).first()
            changed = stored and (
                not self.frozen or any(getattr(self, f) != stored[f] for f in self.CONTENT_FIELDS)
            )
            if stored and stored["frozen"] and changed:
                raise FrozenAuditRecordError(
                    _("The audit is reported: this finding can no longer be changed. Record a correction.")
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk, frozen=True).exists():
            raise FrozenAuditRecordError(_("The audit is reported: this finding can never be deleted."))
        return super().delete(*args, **kwargs)


def report_upload_to(instance, filename):
    return f"audits/{instance.audit_id}/report-{uuid.uuid4().hex}.pdf"


class AuditReport(models.Model):
    """The audit report; issuing signs it, stores its PDF and freezes it for good."""

    CONTENT_FIELDS = (
        "audit_id",
        "summary",
        "conclusion",
        "issued_by_id",
        "issued_at",
        "signature_meaning",
        "pdf",
        "pdf_checksum",
    )

    audit = models.OneToOneField(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="report"
    )
    summary = models.TextField(_("summary"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    signature_meaning = models.CharField(_("signature meaning"), max_length=100, blank=True)
    pdf = models.FileField(upload_to=report_upload_to, blank=True, max_length=255)
    pdf_checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit report")
        verbose_name_plural = _("audit reports")

    def __str__(self):
        return str(_("Report of %(audit)s") % {"audit": self.audit.reference})

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
            if stored and stored["issued_at"] is not None:
                for field in self.CONTENT_FIELDS:
                    current = getattr(self, field)
                    if field == "pdf":
                        current = current.name if current else ""
                    if current != stored[field]:
                        raise FrozenAuditRecordError(_("An issued audit report can never be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk, issued_at__isnull=False).exists():
            raise FrozenAuditRecordError(_("An issued audit report can never be deleted."))
        return super().delete(*args, **kwargs)


@receiver(pre_delete, sender=Finding, dispatch_uid="audits.finding_frozen_delete")
@receiver(pre_delete, sender=AuditReport, dispatch_uid="audits.report_issued_delete")
def _refuse_deleting_frozen_records(sender, instance, **kwargs):
    """QuerySet.delete() and cascades skip Model.delete(); this guard sees them too."""
    if (sender is Finding and instance.frozen) or (sender is AuditReport and instance.issued_at is not None):
        raise FrozenAuditRecordError(_("A reported audit's findings and report can never be deleted."))


class ClauseDocument(models.Model):
    """A controlled document (procedure, manual...) mapped to the ISO 9001 clause it
    implements: the base of clause traceability and the readiness view. A document mapped
    to a clause counts for its sub-clauses' parent too (the matrix rolls sub-clauses up)."""

    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.PROTECT, related_name="document_links"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="clause_links",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["clause__sort_key", "document__number"]
        verbose_name = _("clause mapping")
        verbose_name_plural = _("clause mappings")
        constraints = [models.UniqueConstraint(fields=["clause", "document"], name="clause_document_unique")]

    def __str__(self):
        return f"{self.clause.number} ↔ {self.document_id}"
