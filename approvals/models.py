"""Approval routes, electronic signatures, change requests, distribution and read-acknowledgement."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models import Document, DocumentType, DocumentVersion
from organisation.models import Department
from qms.errors import FrozenRecord


class Meaning(models.TextChoices):
    """What a signature vouches for (printed on the signature manifest)."""

    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawal approved")


class StageMode(models.TextChoices):
    ALL = "all", _("All signers must approve")
    ANY = "any", _("Any one signer is enough")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    REJECT = "reject", _("Reject")
    WITHDRAW = "withdraw", _("Withdraw")


class StageFields(models.Model):
    """A stage of a route or of a route template: who signs, in what capacity, all or any."""

    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("stage"), max_length=120)
    meaning = models.CharField(
        _("meaning"),
        max_length=20,
        choices=[(Meaning.REVIEWED, Meaning.REVIEWED.label), (Meaning.APPROVED, Meaning.APPROVED.label)],
        default=Meaning.APPROVED,
    )
    mode = models.CharField(_("mode"), max_length=10, choices=StageMode.choices, default=StageMode.ANY)
    group = models.ForeignKey(
        Group,
        verbose_name=_("signer group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.name}"

    @property
    def signature_statement(self) -> str:
        """What a signer of this stage vouches for, in words (My tasks, the sign page)."""
        return str(SIGNATURE_STATEMENTS.get(self.meaning, self.get_meaning_display()))


SIGNATURE_STATEMENTS = {
    Meaning.REVIEWED: _("I have reviewed this revision."),
    Meaning.APPROVED: _("I approve this revision for use."),
}


class RouteTemplate(models.Model):
    """The usual route for a document type and/or department; copied into each new draft."""

    name = models.CharField(_("name"), max_length=200)
    doc_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: any type."),
        related_name="route_templates",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: any department."),
        related_name="route_templates",
    )
    is_active = models.BooleanField(_("active"), default=True)
    one_stage_per_signer = models.BooleanField(
        _("each signer signs one stage"),
        default=True,
        help_text=_(
            "Segregation of duties: in one round, a person who signed one stage of the route "
            "cannot sign another stage of it."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("route template")
        verbose_name_plural = _("route templates")

    def __str__(self):
        return self.name


class RouteTemplateStage(StageFields):
    template = models.ForeignKey(RouteTemplate, on_delete=models.CASCADE, related_name="stages")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("signers"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[users])

    class Meta(StageFields.Meta):
        verbose_name = _("template stage")
        verbose_name_plural = _("template stages")


class ApprovalRoute(models.Model):
    """The route of one version. ``round`` counts submissions: signatures of earlier
    rounds stay in the manifest but do not count for the current one."""

    version = models.OneToOneField(
        DocumentVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="route"
    )
    template = models.ForeignKey(
        RouteTemplate,
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    round = models.PositiveIntegerField(_("round"), default=0)
    planned_effective_date = models.DateField(
        _("planned effective date"),
        null=True,
        blank=True,
        help_text=_("Empty: effective on the day the route completes."),
    )
    # Copied from the template when the route is made; fixed for the route's life.
    one_stage_per_signer = models.BooleanField(
        _("each signer signs one stage"),
        default=True,
        help_text=_("Copied from the route template: a person signs at most one stage per round."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval route")
        verbose_name_plural = _("approval routes")
        permissions = [("manage_routes", _("Can set approval routes and route templates"))]

    def __str__(self):
        return f"{self.version} ({_('round')} {self.round})"


class RouteStage(StageFields):
    route = models.ForeignKey(ApprovalRoute, on_delete=models.CASCADE, related_name="stages")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("signers"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[users])

    class Meta(StageFields.Meta):
        verbose_name = _("route stage")
        verbose_name_plural = _("route stages")
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="route_stage_position_unique")
        ]


class ImmutableRecordError(FrozenRecord):
    """Raised when code tries to change or delete an electronic signature."""


class Signature(models.Model):
    """An electronic signature: given once, after the signer re-entered their password,
    bound to the SHA-256 of the exact bytes signed. Never changed, never deleted
    (the model refuses, and database triggers refuse what bypasses the model)."""

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="signatures"
    )
    # The round and stage position identify the stage: a route only changes between
    # rounds, so signatures never point at a stage row the officer may later replace.
    round = models.PositiveIntegerField(_("round"))
    stage_position = models.PositiveSmallIntegerField(_("stage"), null=True, blank=True)
    stage_name = models.CharField(_("stage"), max_length=120, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("full name at signing"), max_length=300)
    signer_role = models.CharField(_("role"), max_length=300, blank=True)
    meaning = models.CharField(_("meaning"), max_length=20, choices=Meaning.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    content_sha256 = models.CharField(_("SHA-256 of the signed content"), max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # One signature per signer per stage and round, even under concurrent requests.
            models.UniqueConstraint(
                fields=["version", "round", "stage_position", "signer"],
                condition=Q(stage_position__isnull=False),
                name="signature_once_per_stage_round",
            ),
            models.CheckConstraint(
                condition=Q(decision="approve") | ~Q(comment=""), name="signature_comment_unless_approving"
            ),
        ]

    def __str__(self):
        return f"{self.signer_name} · {self.get_decision_display()} · {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecordError(_("An electronic signature can never be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("An electronic signature can never be deleted."))


def change_request_upload_to(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"change-requests/{instance.document_id}/{uuid.uuid4().hex}{suffix}"


class ChangeRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    what = models.TextField(_("what should change"))
    why = models.TextField(_("why"))
    attachment = models.FileField(
        _("attachment"), upload_to=change_request_upload_to, blank=True, max_length=255
    )
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    resulting_version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("new revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        permissions = [("decide_change_request", _("Can accept or decline change requests"))]

    def __str__(self):
        return f"{self.document.number}: {self.what[:60]}"


class DistributionGroup(models.Model):
    """A user group (besides departments: Document.distribution) that must read a document."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="distribution_groups", verbose_name=_("document")
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", verbose_name=_("group"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution group")
        verbose_name_plural = _("distribution groups")
        constraints = [
            models.UniqueConstraint(fields=["document", "group"], name="distribution_group_unique")
        ]

    def __str__(self):
        return f"{self.document.number} → {self.group.name}"


class Acknowledgement(models.Model):
    """A reader's "read and understood" task for one effective version."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not yet read")
        ACKNOWLEDGED = "acknowledged", _("Read and understood")
        SUPERSEDED = "superseded", _("Closed: superseded")
        WITHDRAWN = "withdrawn", _("Closed: withdrawn")

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        permissions = [
            ("manage_distribution", _("Can set distribution and follow read-acknowledgement")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="acknowledgement_once_per_reader")
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} · {self.version} · {self.get_status_display()}"


class DistributionNoReaders(models.Model):
    """The QMS officer's recorded choice that nobody has to read a document (no
    read-and-understood tasks). Without it, a document whose distribution is empty cannot
    be submitted. Setting departments or groups later removes it (kept in history)."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="no_readers", verbose_name=_("document")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("no readers decision")
        verbose_name_plural = _("no readers decisions")

    def __str__(self):
        return f"{self.document.number}: {_('no readers')}"


class DistributionDefault(models.Model):
    """Who must read new documents of a type and/or owning department, unless the officer
    chooses otherwise when registering. The most specific default applies (type and
    department, then type, then department, then the default for everything)."""

    doc_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: any type."),
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("owning department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("The department that owns the document. Empty: any department."),
        related_name="+",
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments that must read"), blank=True, related_name="+"
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("groups that must read"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[departments, groups])

    class Meta:
        ordering = ["doc_type__code", "department__code", "pk"]
        verbose_name = _("default readers")
        verbose_name_plural = _("default readers")
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "department"],
                condition=Q(doc_type__isnull=False, department__isnull=False),
                name="distribution_default_type_department_unique",
            ),
            models.UniqueConstraint(
                fields=["doc_type"],
                condition=Q(department__isnull=True),
                name="distribution_default_type_unique",
            ),
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(doc_type__isnull=True),
                name="distribution_default_department_unique",
            ),
        ]

    def __str__(self):
        return f"{self.doc_type or _('any type')} · {self.department or _('any department')}"
