"""Dossiers (hồ sơ) handled under the administrative procedures, their time limits, and
citizens' satisfaction surveys.

A dossier is imported from the provincial one-stop system (CSV/XLSX or the REST API), keyed
by its code. Its deadline is the due date moved by the working time the clock stood still
while the citizen supplemented the dossier; ``outcome`` is kept up to date by
``dossiers.services`` so the on-time figures are plain aggregates on indexed columns.
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


def survey_token_new() -> str:
    return survey_tokens_new(1)[0]


def survey_tokens_new(count: int) -> list[str]:
    """``count`` survey tokens from one draw of random bytes (an import makes one per
    dossier): 18 bytes each, 24 characters of URL-safe base64."""
    text = base64.urlsafe_b64encode(secrets.token_bytes(18 * count)).decode()
    return [text[i : i + 24] for i in range(0, len(text), 24)]


class CalendarException(models.Model):
    """A day that the national calendar does not know: an agency day off, or a Saturday
    or Sunday worked to make up for a bridged holiday (ngày làm bù)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Compensatory working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class Channel(models.TextChoices):
    COUNTER = "counter", _("One-stop counter")
    ONLINE = "online", _("Online")
    POST = "post", _("Post")


class Outcome(models.TextChoices):
    PENDING = "pending", _("In progress")
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    procedure = models.ForeignKey(
        "procedures.AdministrativeProcedure",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # The procedure's department when imported: the figures group by it without a join.
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # Personal data, kept minimal and shown to officers only (permissions.user_sees_applicant).
    applicant_name = models.CharField(_("applicant"), max_length=200, blank=True)
    applicant_contact = models.CharField(_("applicant contact"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.COUNTER)
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("due at"))
    # Given by the one-stop system (kept as given), or computed here from the procedure's
    # time limit in working days (recomputed when officers edit the working calendar).
    due_at_given = models.BooleanField(_("due date given by the one-stop system"), default=False)
    deadline_at = models.DateTimeField(
        _("deadline"), help_text=_("The due date moved by the time spent on supplementation.")
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    survey_token = models.CharField(max_length=40, unique=True, default=survey_token_new, editable=False)
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        verbose_name=_("nonconformity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-received_at", "pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        permissions = [
            ("view_all_dossiers", _("Can see every dossier")),
            ("manage_dossiers", _("Can import dossiers, see applicants and edit the working calendar")),
            ("view_survey_results", _("Can see citizen satisfaction results")),
        ]
        indexes = [
            models.Index(fields=["returned_at", "outcome"], name="dossier_returned_outcome"),
            # the dossier list's order (newest received first): a page is read along it
            models.Index(fields=["-received_at", "id"], name="dossier_received_newest"),
            models.Index(
                fields=["deadline_at"], condition=Q(returned_at__isnull=True), name="dossier_pending_deadline"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("received_at")), name="dossier_due_after_received"
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=models.F("received_at")),
                name="dossier_returned_after_received",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_overdue(self) -> bool:
        return self.returned_at is None and self.deadline_at < timezone.now()


class DossierStep(models.Model):
    """One step of the handling (tiếp nhận, thẩm định, phê duyệt, trả kết quả...)."""

    # Indexed by the unique (dossier, step) constraint, whose first column it is.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="steps", verbose_name=_("dossier"), db_index=False
    )
    step = models.CharField(_("step"), max_length=300)
    # Not indexed: no page filters steps by department (the figures group them), and an
    # index entry per imported step costs more than the scan deleting a department needs.
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # As for the dossier: given by the one-stop system (kept), or the start plus the
    # procedure step's time limit (recomputed when officers edit the working calendar).
    due_at_given = models.BooleanField(_("due date given by the one-stop system"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dossier", "started_at", "pk"]
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        constraints = [models.UniqueConstraint(fields=["dossier", "step"], name="dossier_step_unique")]
        indexes = [models.Index(fields=["finished_at", "outcome"], name="dossierstep_finished_outcome")]

    def __str__(self):
        return f"{self.dossier_id} {self.step}"


class Supplementation(models.Model):
    """The citizen was asked to supplement the dossier: the clock stands still from
    ``requested_at`` until ``supplied_at``."""

    # Indexed by the unique (dossier, requested_at) constraint, whose first column it is.
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="supplementations",
        verbose_name=_("dossier"),
        db_index=False,
    )
    requested_at = models.DateTimeField(_("requested at"))
    supplied_at = models.DateTimeField(_("supplied at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dossier", "requested_at"]
        verbose_name = _("supplementation request")
        verbose_name_plural = _("supplementation requests")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "requested_at"], name="supplementation_unique"),
            models.CheckConstraint(
                condition=Q(supplied_at__isnull=True) | Q(supplied_at__gte=models.F("requested_at")),
                name="supplementation_supplied_after_requested",
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} {self.requested_at:%d/%m/%Y}"


class DossierImport(models.Model):
    """One import (file or API call): who, what, and the rows refused with their line."""

    class Source(models.TextChoices):
        FILE = "file", _("File")
        API = "api", _("API")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    dossiers_touched = models.PositiveIntegerField(_("dossiers"), default=0)
    errors = models.JSONField(_("rows refused"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("dossier import")
        verbose_name_plural = _("dossier imports")

    def __str__(self):
        return f"{self.imported_at:%d/%m/%Y %H:%M} {self.file_name or self.get_source_display()}"


class OfficialFormTemplate(models.Model):
    """A one-stop form in force (e.g. the handling-control slip, the apology letter).

    The number label ("Mẫu 05") and the text are data that officers edit when the circular
    changes; the body is plain text with ``{placeholders}`` (see services.FORM_PLACEHOLDERS)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    number_label = models.CharField(
        _("number label"), max_length=60, blank=True, help_text=_('For example "Mẫu 05".')
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("official form template")
        verbose_name_plural = _("official form templates")

    def __str__(self):
        return f"{self.number_label} {self.name}".strip()


class RecurringLateStep(models.Model):
    """A step late more than the threshold in a month, for which an NC was opened."""

    procedure = models.ForeignKey(
        "procedures.AdministrativeProcedure",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("procedure"),
    )
    step = models.CharField(_("step"), max_length=300)
    month = models.DateField(_("month"))
    late_count = models.PositiveIntegerField(_("late"))
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nonconformity"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recurring late step")
        verbose_name_plural = _("recurring late steps")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "step", "month"], name="recurring_late_step_unique")
        ]

    def __str__(self):
        return f"{self.step} {self.month:%m/%Y}"


# --- citizen satisfaction ------------------------------------------------------------


class Criterion(models.TextChoices):
    """The five groups of the national satisfaction index (SIPAS)."""

    ACCESS = "access", _("Access to the service")
    PROCEDURE = "procedure", pgettext_lazy("survey criterion", "The administrative procedure")
    OFFICIALS = "officials", _("The officials")
    RESULT = "result", _("The result")
    FEEDBACK = "feedback", _("Handling of feedback")


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=300)
    procedure = models.ForeignKey(
        "procedures.AdministrativeProcedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("Empty: the general survey, for every procedure without its own."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["procedure__code", "title"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self):
        return self.title


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    text = models.CharField(_("question"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    # From a receipt's QR code: one answer per dossier (the database refuses a second).
    dossier = models.OneToOneField(
        Dossier,
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_response",
    )
    procedure = models.ForeignKey(
        "procedures.AdministrativeProcedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    average = models.DecimalField(_("average score"), max_digits=3, decimal_places=2)
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        verbose_name=_("nonconformity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey} {self.submitted_at:%d/%m/%Y}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices, db_index=True)
    score = models.PositiveSmallIntegerField(_("score"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="survey_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.criterion} {self.score}"


# --- monthly figures (derived) ---------------------------------------------------------------


class DossierMonthFigure(models.Model):
    """Early / on-time / late counts of the dossiers returned in a month, per procedure
    and department: a rollup rebuilt from the dossiers after each import
    (``dossiers.figures.figures_refresh``), so the dashboard reads a few hundred rows
    whatever the number of dossiers. Derived data: no history (the dossiers have it)."""

    month = models.DateField()
    procedure = models.ForeignKey(
        "procedures.AdministrativeProcedure", on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey("organisation.Department", on_delete=models.CASCADE, related_name="+")
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month"], name="dossiermonthfigure_month")]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.procedure_id} {self.department_id}"


class StepMonthFigure(models.Model):
    """The same for the steps finished in a month, per procedure, step and the step's
    department; ``dossier_department`` narrows them by the visibility rule."""

    month = models.DateField()
    procedure = models.ForeignKey(
        "procedures.AdministrativeProcedure", on_delete=models.CASCADE, related_name="+"
    )
    dossier_department = models.ForeignKey(
        "organisation.Department", on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(max_length=300)
    department = models.ForeignKey(
        "organisation.Department", null=True, on_delete=models.CASCADE, related_name="+"
    )
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month"], name="stepmonthfigure_month")]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.step}"
