"""The catalogue of administrative procedures (thủ tục hành chính, TTHC).

A procedure is edited by officers; what the public sees is ``published_content``, a JSON
snapshot taken when the officer publishes (procedures.services.procedure_transition), so
an edit or a "to review" flag never changes the public page until it is published again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from documents.search import search_key
from organisation.models import Department
from procedures.workflow import ProcedureStatus


class Level(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")


class OnlineLevel(models.TextChoices):
    NONE = "none", _("Not online")
    PARTIAL = "partial", _("Online, partly (dossier filed online, result collected in person)")
    FULL = "full", _("Online, end to end")


class CopyKind(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", pgettext_lazy("dossier component", "Copy")
    CERTIFIED_COPY = "certified_copy", _("Certified copy")
    ORIGINAL_OR_CERTIFIED = "original_or_certified", _("Original or certified copy")


class ProcedureField(models.Model):
    """A field of procedures (lĩnh vực), e.g. "Giáo dục trung học"; officers edit the list."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("procedures", "field")
        verbose_name_plural = pgettext_lazy("procedures", "fields")

    def __str__(self):
        return self.name


class AdministrativeProcedure(models.Model):
    code = models.CharField(
        _("national code"), max_length=30, unique=True, help_text=_('Mã TTHC, e.g. "1.005090".')
    )
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=pgettext_lazy("procedures", "field"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.PROVINCIAL)
    implementing_body = models.CharField(_("implementing body"), max_length=300)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="administrative_procedures",
    )
    applicants = models.TextField(_("who may file"), blank=True)
    filing_in_person = models.BooleanField(_("in person at the one-stop counter"), default=True)
    filing_by_post = models.BooleanField(_("by post"), default=False)
    online_level = models.CharField(
        _("online"), max_length=20, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    dossier_sets = models.PositiveSmallIntegerField(_("number of dossier sets"), default=1)
    processing_time = models.DecimalField(_("processing time"), max_digits=6, decimal_places=1)
    processing_time_unit = models.CharField(
        _("unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    result = models.TextField(_("result"), help_text=_("What the citizen receives."))
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    legal_basis = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("legal basis"),
        blank=True,
        related_name="procedures_based_on",
        help_text=_("Documents of the external-documents register."),
    )
    legal_basis_text = models.TextField(
        _("legal basis (text)"), blank=True, help_text=_("Legal texts not (yet) in the register.")
    )
    internal_procedure = models.ForeignKey(
        "documents.Document",
        verbose_name=_("internal procedure (QT)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="administrative_procedures",
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For officers only; never shown to the public.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.DRAFT,
        db_index=True,
    )
    # Change impact: a linked QT/BM revision or a legal basis changed since publication.
    needs_review = models.BooleanField(_("to review"), default=False, db_index=True)
    review_reason = models.TextField(_("why to review"), blank=True)
    # What the public sees: frozen when published (procedures.services.procedure_snapshot).
    published_content = models.JSONField(null=True, blank=True, editable=False)
    published_revision = models.PositiveIntegerField(_("published revision"), default=0, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Unaccented keys of the working copy and of the published content (public search).
    search_text = models.TextField(editable=False, default="")
    public_search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "public_search_text", "updated_at"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        permissions = [("manage_procedures", _("Can edit and publish administrative procedures"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(processing_time__gt=0), name="procedure_processing_time_positive"
            ),
            models.CheckConstraint(condition=Q(dossier_sets__gte=1), name="procedure_dossier_sets_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_content__isnull=False),
                name="procedure_published_has_content",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.code} {self.name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "updated_at"}
        super().save(*args, **kwargs)


class DossierComponent(models.Model):
    procedure = models.ForeignKey(
        AdministrativeProcedure,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("procedure"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=500)
    copy_kind = models.CharField(
        _("original or copy"), max_length=30, choices=CopyKind.choices, default=CopyKind.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    form = models.ForeignKey(
        "documents.Document",
        verbose_name=_("form (BM)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_components",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["procedure", "order", "pk"]
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        constraints = [models.CheckConstraint(condition=Q(copies__gte=1), name="component_copies_positive")]

    def __str__(self):
        return self.name


class ProcedureFee(models.Model):
    procedure = models.ForeignKey(
        AdministrativeProcedure, on_delete=models.CASCADE, related_name="fees", verbose_name=_("procedure")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("fee or charge"), max_length=300)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    exemptions = models.TextField(_("exemptions"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["procedure", "order", "pk"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="fee_amount_not_negative")]

    def __str__(self):
        return self.name


class ProcedureStep(models.Model):
    procedure = models.ForeignKey(
        AdministrativeProcedure, on_delete=models.CASCADE, related_name="steps", verbose_name=_("procedure")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("step"), max_length=500)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_role = models.CharField(
        _("responsible role"), max_length=200, blank=True, help_text=_('A role, not a person: "Chuyên viên".')
    )
    time_limit = models.DecimalField(_("time limit"), max_digits=6, decimal_places=1, null=True, blank=True)
    time_unit = models.CharField(
        _("unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["procedure", "order", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit__isnull=True) | Q(time_limit__gte=0),
                name="step_time_limit_not_negative",
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"
