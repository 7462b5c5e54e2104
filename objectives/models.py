import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from objectives.workflow import MONTHS_PER_PERIOD, STATUS_TONES, Direction, Frequency, ObjectiveStatus


def evidence_upload_to(instance, filename):
    # Unique stored name; the user's name is kept in file_name. Never served by URL.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"objectives/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class Objective(models.Model):
    """A measurable quality objective of one year, for a department or the whole
    organisation (ISO 9001 6.2.1), with its indicator and the 6.2.2 plan (PlanItem).

    The indicator is either entered by hand (``indicator_key`` empty: unit, direction,
    target and threshold describe it) or one of the built-in indicators of
    ``qms.indicators`` (``indicator_key`` set: the system computes the measurements).
    ``status`` is computed from the latest measurement (objectives.workflow.status_for)
    and stored so lists and tiles can filter on it."""

    year = models.PositiveIntegerField(_("year"), db_index=True)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
        help_text=_("Leave empty for an objective of the whole organisation."),
    )
    statement = models.TextField(_("objective"))
    # The ISO 9001 clause it serves (clause traceability), e.g. 8.2.1 or 9.1.2.
    iso_clause = models.CharField(_("ISO 9001 clause"), max_length=20, blank=True, default="")
    indicator_name = models.CharField(_("indicator"), max_length=200)
    indicator_key = models.CharField(
        _("built-in indicator"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty to enter the measurements by hand."),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    threshold = models.DecimalField(
        _("at-risk threshold"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A value between this threshold and the target is “at risk”; beyond it, “missed”."),
    )
    frequency = models.CharField(
        _("measurement frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="objectives"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObjectiveStatus.choices,
        default=ObjectiveStatus.NOT_MEASURED,
        db_index=True,
        editable=False,
    )
    latest_value = models.DecimalField(
        _("latest value"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        verbose_name=_("nonconformity opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "department__code", "pk"]
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        permissions = [
            ("manage_objectives", _("Can set quality objectives and record any measurement")),
            ("view_all_objectives", _("Can see every quality objective")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="objective_year_plausible"
            ),
            # The at-risk band lies on the worse side of the target.
            models.CheckConstraint(
                condition=Q(threshold__isnull=True)
                | Q(direction=Direction.UP, threshold__lte=F("target"))
                | Q(direction=Direction.DOWN, threshold__gte=F("target")),
                name="objective_threshold_on_worse_side",
            ),
        ]

    def __str__(self):
        return f"{self.indicator_name} ({self.year})"

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "secondary")

    @property
    def is_computed(self) -> bool:
        return bool(self.indicator_key)

    def clean(self):
        if self.threshold is not None and self.target is not None:
            if self.direction == Direction.UP and self.threshold > self.target:
                raise ValidationError(
                    {"threshold": _("When higher is better, the at-risk threshold is at most the target.")}
                )
            if self.direction == Direction.DOWN and self.threshold < self.target:
                raise ValidationError(
                    {"threshold": _("When lower is better, the at-risk threshold is at least the target.")}
                )

    def periods(self) -> list[tuple[datetime.date, datetime.date]]:
        """The measurement periods of the year, first to last (both dates included)."""
        months = MONTHS_PER_PERIOD[self.frequency]
        result = []
        for first_month in range(1, 13, months):
            start = datetime.date(self.year, first_month, 1)
            last_month = first_month + months - 1
            end = (
                datetime.date(self.year + 1, 1, 1)
                if last_month == 12
                else datetime.date(self.year, last_month + 1, 1)
            ) - datetime.timedelta(days=1)
            result.append((start, end))
        return result


class PlanItem(models.Model):
    """One line of the plan to achieve an objective (ISO 9001 6.2.2 a-e)."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="plan_items"
    )
    what = models.TextField(_("what will be done"))
    resources = models.CharField(_("resources required"), max_length=300, blank=True)
    responsible = models.CharField(_("who will be responsible"), max_length=200)
    due_date = models.DateField(_("when it will be completed"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self):
        return self.what[:80]


class Measurement(models.Model):
    """The indicator's value for one period, entered by the owner or computed by the system."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="measurements"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    computed = models.BooleanField(_("computed by the system"), default=False, editable=False)
    file = models.FileField(_("evidence"), upload_to=evidence_upload_to, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(fields=["objective", "period_start"], name="measurement_once_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="measurement_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.objective} {self.period_start:%m/%Y}: {self.value}"
