import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nonconformities.models import CorrectiveAction
from risks.workflow import RiskKind, RiskStatus

DEFAULT_LEVELS = 5


def evidence_upload_to(instance, filename):
    # Unique stored name; the user's name is kept in file_name. Never served by URL.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"risks/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class RiskScale(models.Model):
    """The likelihood x impact scale (one row; 1-5 each by default), set by officers."""

    likelihood_levels = models.PositiveSmallIntegerField(_("likelihood levels"), default=DEFAULT_LEVELS)
    impact_levels = models.PositiveSmallIntegerField(_("impact levels"), default=DEFAULT_LEVELS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk scale")
        verbose_name_plural = _("risk scale")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    likelihood_levels__gte=2,
                    likelihood_levels__lte=10,
                    impact_levels__gte=2,
                    impact_levels__lte=10,
                ),
                name="risk_scale_2_to_10",
            )
        ]

    def __str__(self):
        return f"{self.likelihood_levels} × {self.impact_levels}"

    @classmethod
    def current(cls) -> "RiskScale":
        scale = cls.objects.order_by("pk").first()
        return scale or cls(likelihood_levels=DEFAULT_LEVELS, impact_levels=DEFAULT_LEVELS)

    @property
    def max_score(self) -> int:
        return self.likelihood_levels * self.impact_levels


class RatingBand(models.Model):
    """A band of ratings (likelihood x impact) with its name and colour: low, medium, high..."""

    name = models.CharField(_("name"), max_length=60)
    min_score = models.PositiveSmallIntegerField(_("from rating"))
    max_score = models.PositiveSmallIntegerField(_("to rating"))
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour is written #rrggbb, e.g. #d9534f."))],
    )
    requires_treatment = models.BooleanField(_("requires treatment"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["min_score"]
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gte=F("min_score")), name="rating_band_ordered"),
            models.CheckConstraint(condition=Q(min_score__gte=1), name="rating_band_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.min_score}–{self.max_score})"

    def clean(self):
        if self.min_score is None or self.max_score is None:
            return
        if self.max_score < self.min_score:
            raise ValidationError({"max_score": _("The band ends before it starts.")})
        overlapping = RatingBand.objects.filter(min_score__lte=self.max_score, max_score__gte=self.min_score)
        if self.pk:
            overlapping = overlapping.exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("This band overlaps another band: %(band)s.") % {"band": overlapping.first()}
            )


class Risk(models.Model):
    """A risk or an opportunity of a department's process (ISO 9001 6.1.1-6.1.2)."""

    number = models.CharField(_("number"), max_length=40, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=RiskKind.choices, default=RiskKind.RISK)
    title = models.CharField(_("title"), max_length=200)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="risks",
    )
    process = models.CharField(_("process"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    cause = models.TextField(_("cause"), blank=True)
    consequence = models.TextField(_("consequence"), blank=True)
    interested_party = models.CharField(_("interested party concerned"), max_length=200, blank=True)
    existing_controls = models.TextField(_("existing controls"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    rating = models.PositiveSmallIntegerField(_("inherent rating"), editable=False)
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"), null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), null=True, blank=True)
    residual_rating = models.PositiveSmallIntegerField(
        _("residual rating"), null=True, blank=True, editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("risk owner"), on_delete=models.PROTECT, related_name="risks"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN, db_index=True
    )
    next_review_date = models.DateField(_("next review date"), null=True, blank=True, db_index=True)
    # The ISO 9001 clause it bears on (clause traceability); usually under 6.1.
    iso_clause = models.CharField(_("ISO 9001 clause"), max_length=20, blank=True, default="")
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("controlling documents"), blank=True, related_name="risks"
    )
    nonconformities = models.ManyToManyField(
        "nonconformities.Nonconformity",
        verbose_name=_("nonconformities that materialised it"),
        blank=True,
        related_name="risks",
    )
    objectives = models.ManyToManyField(
        "objectives.Objective", verbose_name=_("objectives"), blank=True, related_name="risks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[documents, nonconformities, objectives])

    class Meta:
        ordering = ["-rating", "number"]
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        permissions = [
            ("manage_risks", _("Can keep the risk register and its rating bands")),
            ("view_all_risks", _("Can see every risk and opportunity")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, impact__gte=1), name="risk_levels_positive"
            ),
            models.CheckConstraint(
                condition=Q(rating=F("likelihood") * F("impact")), name="risk_rating_product"
            ),
            models.CheckConstraint(
                condition=Q(
                    residual_likelihood__isnull=True,
                    residual_impact__isnull=True,
                    residual_rating__isnull=True,
                )
                | Q(
                    # CHECK passes on NULL: each column is named non-null explicitly.
                    residual_likelihood__isnull=False,
                    residual_impact__isnull=False,
                    residual_rating__isnull=False,
                    residual_likelihood__gte=1,
                    residual_impact__gte=1,
                    residual_rating=F("residual_likelihood") * F("residual_impact"),
                ),
                name="risk_residual_complete",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        # The ratings are products of their levels, always (the constraints check it too).
        self.rating = (self.likelihood or 0) * (self.impact or 0)
        if self.residual_likelihood and self.residual_impact:
            self.residual_rating = self.residual_likelihood * self.residual_impact
        else:
            self.residual_likelihood = self.residual_impact = self.residual_rating = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {
                "rating",
                "residual_likelihood",
                "residual_impact",
                "residual_rating",
            }
        super().save(*args, **kwargs)

    def clean(self):
        scale = RiskScale.current()
        errors = {}
        for field, top in [
            ("likelihood", scale.likelihood_levels),
            ("impact", scale.impact_levels),
            ("residual_likelihood", scale.likelihood_levels),
            ("residual_impact", scale.impact_levels),
        ]:
            value = getattr(self, field)
            if value is not None and not 1 <= value <= top:
                errors[field] = _("Choose a level from 1 to %(top)s.") % {"top": top}
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            errors["residual_impact"] = _(
                "Give both the residual likelihood and the residual impact, or neither."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def current_rating(self) -> int:
        """The residual rating once assessed, else the inherent one."""
        return self.residual_rating if self.residual_rating is not None else self.rating


class TreatmentAction(models.Model):
    """An action to treat a risk or take an opportunity: owner, due date, status, evidence.

    The same shape as nonconformities.CorrectiveAction (whose ``State`` it shares), but its
    own table: a corrective action belongs to a nonconformity (a required key, frozen with
    the closed record), a treatment action to a risk."""

    State = CorrectiveAction.State

    risk = models.ForeignKey(Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="risk_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    completion_note = models.TextField(_("what was done (evidence)"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    effective = models.BooleanField(
        _("effective"), null=True, blank=True, help_text=_("Did the action lower the risk as intended?")
    )
    file = models.FileField(_("evidence"), upload_to=evidence_upload_to, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("treatment action")
        verbose_name_plural = _("treatment actions")

    def __str__(self):
        return f"{self.risk.number}: {self.description[:60]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.State.OPEN and self.due_date < timezone.localdate()
