import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from management_reviews.workflow import DecisionStatus, ManagementReviewStatus
from qms.errors import FrozenRecord


class SignedMinutesError(FrozenRecord):
    """Something tried to change signed minutes or what they hold (sections, decisions)."""


def minutes_upload_to(instance, filename):
    return f"management_reviews/{instance.pk}/minutes-{uuid.uuid4().hex}.pdf"


class ManagementReview(models.Model):
    """One management review meeting (ISO 9001 9.3). Once the chair signs the minutes the
    record is frozen (model and database trigger, migration 0002); a correction is a new
    review whose ``corrects`` points at this one."""

    CONTENT_FIELDS = (
        "number",
        "title",
        "period_start",
        "period_end",
        "meeting_date",
        "chair_id",
        "status",
        "conclusions",
        "corrects_id",
        "signed_at",
        "minutes_pdf",
        "minutes_checksum",
    )

    number = models.CharField(_("number"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    meeting_date = models.DateField(_("meeting date"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="chaired_management_reviews",
        help_text=_("The head of the organisation, who signs the minutes."),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="management_reviews"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ManagementReviewStatus.choices,
        default=ManagementReviewStatus.PLANNED,
        db_index=True,
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    prepared_at = models.DateTimeField(_("prepared at"), null=True, blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    minutes_pdf = models.FileField(upload_to=minutes_upload_to, blank=True, max_length=255)
    minutes_checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        permissions = [
            ("view_all_management_reviews", _("Can see every management review")),
            ("manage_management_reviews", _("Can plan and prepare management reviews")),
            ("chair_management_review", _("Can chair a management review and sign its minutes")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="management_review_period_ordered"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_signed(self) -> bool:
        return self.status == ManagementReviewStatus.SIGNED

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
            if stored and stored["status"] == ManagementReviewStatus.SIGNED:
                for name in self.CONTENT_FIELDS:
                    current = getattr(self, name)
                    if name == "minutes_pdf":
                        current = current.name if current else ""
                    if current != stored[name]:
                        raise SignedMinutesError(
                            _(
                                "The minutes are signed: this review can no longer be changed. Record a correction."
                            )
                        )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SignedMinutesError(_("Management reviews are records and are never deleted."))


class SignedParentGuard(models.Model):
    """A part of a review: no change to its content once the minutes are signed."""

    FROZEN_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def _review_signed(self) -> bool:
        return ManagementReview.objects.filter(
            pk=self.review_id, status=ManagementReviewStatus.SIGNED
        ).exists()

    def save(self, *args, **kwargs):
        if self.pk is not None and self._review_signed():
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS).first()
            if stored and any(getattr(self, name) != stored[name] for name in self.FROZEN_FIELDS):
                raise SignedMinutesError(_("The minutes are signed: this part can no longer be changed."))
        elif self.pk is None and self._review_signed():
            raise SignedMinutesError(_("The minutes are signed: nothing can be added to them."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._review_signed():
            raise SignedMinutesError(_("The minutes are signed: nothing can be removed from them."))
        return super().delete(*args, **kwargs)


class ReviewSection(SignedParentGuard):
    """One 9.3.2 input (a, b, c1..c7, d, e, f) as compiled when the review was prepared.

    ``figures``, ``chart`` and ``links`` are the frozen snapshot: JSON rows written once at
    preparation and never rewritten (the database refuses it, migration 0002), so later data
    changes do not alter what the meeting saw. Labels are stored in English and translated
    when shown. Officers add ``commentary`` until the minutes are signed.
    """

    FROZEN_FIELDS = ("review_id", "key", "title", "figures", "chart", "links", "note", "commentary")

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("management review"),
        on_delete=models.PROTECT,
        related_name="sections",
    )
    key = models.CharField(_("9.3.2 item"), max_length=4)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    figures = models.JSONField(default=list, blank=True)  # [{"label", "value", "unit"}]
    chart = models.JSONField(default=list, blank=True)  # [{"label", "value", "url"}]
    links = models.JSONField(default=list, blank=True)  # [{"label", "url"}]
    note = models.CharField(max_length=300, blank=True)  # e.g. "not recorded yet"
    commentary = models.TextField(_("commentary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "order", "pk"]
        verbose_name = _("review input")
        verbose_name_plural = _("review inputs")
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="review_section_key_unique")]

    def __str__(self):
        return f"{self.review.number} {self.key}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            snapshot = ("key", "title", "figures", "chart", "links", "note")
            stored = type(self).objects.filter(pk=self.pk).values(*snapshot).first()
            if stored and any(getattr(self, name) != stored[name] for name in snapshot):
                raise SignedMinutesError(
                    _("The compiled figures of a review are frozen when it is prepared.")
                )
        super().save(*args, **kwargs)


class ReviewDecision(SignedParentGuard):
    """An output of the review (9.3.3): a decision that becomes an action with an owner and
    a due date, tracked to closure and listed in the next review's input (a). Its content
    is frozen with the minutes; its status keeps moving until it is done."""

    FROZEN_FIELDS = ("review_id", "kind", "description", "owner_id", "due_date", "clause_id")

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", _("Opportunity for improvement")
        QMS_CHANGE = "qms_change", _("Change to the QMS")
        RESOURCE_NEED = "resource_need", _("Resource need")

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("management review"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("decision and action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="management_review_actions",
    )
    due_date = models.DateField(_("due date"))
    clause = models.ForeignKey(
        "audits.Clause",
        verbose_name=_("ISO 9001 clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The clause the decision concerns, for clause traceability (optional)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN, db_index=True
    )
    completion_note = models.TextField(_("what was done"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "due_date", "pk"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self):
        return f"{self.review.number}: {self.description[:60]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == DecisionStatus.OPEN and self.due_date < timezone.localdate()
