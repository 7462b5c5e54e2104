import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from nonconformities.workflow import ClosedRecordError, FeedbackStatus, NonconformityStatus


def evidence_upload_to(instance, filename):
    # Unique stored name; the user's name is kept in *_name. Never served by URL.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"nonconformities/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class StoredFile(models.Model):
    """An uploaded file checked by ``qms.uploads.check_upload`` (content, size, checksum)."""

    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        abstract = True


class Feedback(StoredFile):
    """A citizen's or customer's feedback or complaint sent through the public form."""

    reference = models.CharField(
        pgettext_lazy("feedback", "reference"), max_length=40, unique=True, editable=False
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    # First reaction of an officer (answer or nonconformity opened): the response time.
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    answer = models.TextField(
        _("answer"), blank=True, help_text=_("Shown to the sender on the public status page.")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        permissions = [("triage_feedback", _("Can read and triage citizen feedback"))]

    def __str__(self):
        return f"{self.reference} {self.subject}"

    @property
    def response_hours(self) -> float | None:
        if self.responded_at is None:
            return None
        return round((self.responded_at - self.submitted_at).total_seconds() / 3600, 1)


class Nonconformity(models.Model):
    class Source(models.TextChoices):
        AUDIT_FINDING = "audit_finding", _("Internal audit finding")
        FEEDBACK = "feedback", _("Citizen or customer feedback / complaint")
        PROCESS_MONITORING = "process_monitoring", _("Process monitoring")
        SUPPLIER = "supplier", _("Supplier")
        MANAGEMENT_REVIEW = "management_review", _("Management review")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")

    class CauseCategory(models.TextChoices):
        PEOPLE = "people", _("People (skills, awareness)")
        METHOD = "method", _("Method / procedure")
        DOCUMENT = "document", _("Documented information")
        EQUIPMENT = "equipment", _("Equipment / IT system")
        MATERIAL = "material", _("Material / input")
        MEASUREMENT = "measurement", _("Measurement / monitoring")
        ENVIRONMENT = "environment", _("Work environment")
        EXTERNAL = "external", _("External provider / regulation")

    number = models.CharField(_("number"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, db_index=True)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="nonconformities",
    )
    description = models.TextField(_("description"))
    date_detected = models.DateField(_("date detected"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, db_index=True)
    iso_clause = models.CharField(
        _("ISO 9001 clause"), max_length=20, blank=True, db_index=True, help_text=_("For example 8.5.1")
    )
    process = models.CharField(_("process concerned"), max_length=200, blank=True)
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("documents concerned"),
        blank=True,
        related_name="nonconformities",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="reported_nonconformities",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_nonconformities",
        help_text=_("Who answers the nonconformity: containment, root cause and action plan."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NonconformityStatus.choices,
        default=NonconformityStatus.OPEN,
        db_index=True,
    )
    # 10.2.1 a: react — control and correct it, deal with the consequences.
    containment = models.TextField(_("containment"), blank=True)
    correction = models.TextField(_("correction"), blank=True)
    consequences = models.TextField(_("consequences handled"), blank=True)
    # 10.2.1 b: evaluate the need for action — root cause.
    five_whys = models.JSONField(_("5 whys"), default=list, blank=True)
    cause_categories = models.JSONField(_("cause categories"), default=list, blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    feedback = models.OneToOneField(
        Feedback,
        verbose_name=_("feedback"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformity",
    )
    finding = models.OneToOneField(
        "audits.Finding",
        verbose_name=_("audit finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformity",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        ordering = ["-date_detected", "-pk"]
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        permissions = [
            ("view_all_nonconformities", _("Can see every nonconformity")),
            ("manage_nonconformities", _("Can assign, handle and reopen any nonconformity")),
            ("verify_nonconformity", _("Can verify the effectiveness of corrective actions")),
        ]
        indexes = [models.Index(fields=["department", "iso_clause", "date_detected"])]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_closed(self):
        return self.status == NonconformityStatus.CLOSED

    def cause_category_labels(self) -> list[str]:
        labels = dict(self.CauseCategory.choices)
        return [str(labels.get(code, code)) for code in self.cause_categories]

    def save(self, *args, **kwargs):
        if self.pk is not None and self.status == NonconformityStatus.CLOSED:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == NonconformityStatus.CLOSED:
                raise ClosedRecordError(_("This nonconformity is closed; reopen it to change it."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ClosedRecordError(_("Nonconformities are records and are never deleted."))


class ClosedParentGuard(models.Model):
    """A part of a nonconformity: frozen (no save, no delete) once the nonconformity is closed."""

    class Meta:
        abstract = True

    def _refuse_if_closed(self):
        closed = Nonconformity.objects.filter(
            pk=self.nonconformity_id, status=NonconformityStatus.CLOSED
        ).exists()
        if closed:
            raise ClosedRecordError(_("This nonconformity is closed; reopen it to change it."))

    def save(self, *args, **kwargs):
        self._refuse_if_closed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_closed()
        return super().delete(*args, **kwargs)


class CorrectiveAction(ClosedParentGuard, StoredFile):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    nonconformity = models.ForeignKey(
        Nonconformity, verbose_name=_("nonconformity"), on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("controlled document to change"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
        help_text=_("If the action changes a controlled document, a change request is opened on it."),
    )
    change_request = models.OneToOneField(
        "approvals.ChangeRequest",
        verbose_name=_("change request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrective_action",
        editable=False,
    )
    completion_note = models.TextField(_("what was done (evidence)"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self):
        return f"{self.nonconformity.number}: {self.description[:60]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.State.OPEN and self.due_date < timezone.localdate()


class Verification(ClosedParentGuard, StoredFile):
    """One effectiveness check (10.2.1 d). Several if the first found the actions did not work."""

    class Result(models.TextChoices):
        EFFECTIVE = "effective", pgettext_lazy("effectiveness", "Effective")
        NOT_EFFECTIVE = "not_effective", pgettext_lazy("effectiveness", "Not effective")

    nonconformity = models.ForeignKey(
        Nonconformity,
        verbose_name=_("nonconformity"),
        on_delete=models.PROTECT,
        related_name="verifications",
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    notes = models.TextField(_("evidence of effectiveness"))
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["verified_at", "pk"]
        verbose_name = _("effectiveness verification")
        verbose_name_plural = _("effectiveness verifications")

    def __str__(self):
        return f"{self.nonconformity.number}: {self.get_result_display()}"
