"""Writes. Each service is one user action in one transaction: lock, check, save, record.

History rows (django-simple-history) name the acting user. Illegal transitions raise
``ManagementReviewTransitionError`` (UI message, API 409); missing rights raise
``PermissionDenied`` (404); bad input raises ``ValidationError`` with field errors.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from management_reviews import inputs
from management_reviews.models import ManagementReview, ReviewDecision, ReviewSection
from management_reviews.permissions import CHAIR, may_complete_decision, user_is_review_officer
from management_reviews.workflow import (
    EDITABLE_STATUSES,
    LIFECYCLE,
    DecisionStatus,
    ManagementReviewAction,
    ManagementReviewTransitionError,
)
from qms.history import save_recorded as _save
from qms.sequences import sequence_next
from qms.uploads import sha256_of
from signatures.services import signing_authenticate

MAX_PERIOD_DAYS = 3 * 366


def _require_officer(actor):
    if not user_is_review_officer(actor):
        raise PermissionDenied(_("Only QMS officers plan and prepare management reviews."))


def _lock(review) -> ManagementReview:
    return ManagementReview.objects.select_for_update().get(pk=review.pk)


def _check(actor, review, action):
    return LIFECYCLE.transition_for(review, action, actor)


def _require_editable(review):
    if review.status not in EDITABLE_STATUSES:
        raise ManagementReviewTransitionError(
            _(
                "Commentary and decisions are recorded once the review is prepared and until the minutes are signed."
            )
        )


def _check_plan(*, title, period_start, period_end, meeting_date, chair):
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Give the review a title.")]
    if period_start and period_end:
        if period_end < period_start:
            errors["period_end"] = [_("The period ends before it starts.")]
        elif (period_end - period_start).days > MAX_PERIOD_DAYS:
            errors["period_end"] = [_("A review covers at most three years.")]
    if meeting_date and period_start and meeting_date < period_start:
        errors["meeting_date"] = [_("The meeting cannot be held before the period it reviews starts.")]
    if chair is not None and not (chair.is_active and chair.has_perm(CHAIR)):
        errors["chair"] = [
            _("The chair must be the head of the organisation (a user who may chair reviews).")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def review_plan(
    *,
    actor,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    meeting_date: datetime.date,
    chair,
    attendees=(),
    corrects: ManagementReview | None = None,
) -> ManagementReview:
    """Plan a review meeting; ``corrects`` links a correction to signed minutes."""
    _require_officer(actor)
    _check_plan(
        title=title, period_start=period_start, period_end=period_end, meeting_date=meeting_date, chair=chair
    )
    if corrects is not None and not corrects.is_signed:
        raise ManagementReviewTransitionError(_("Only signed minutes are corrected by a new record."))
    year = meeting_date.year
    review = ManagementReview(
        number=f"MR-{year}-{sequence_next(f'MR-{year}'):02d}",
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        meeting_date=meeting_date,
        chair=chair,
        corrects=corrects,
        created_by=actor,
    )
    _save(review, actor=actor, reason="plan")
    review.attendees.set(list(attendees))
    return review


@transaction.atomic
def review_prepare(*, actor, review) -> ManagementReview:
    """Compile every 9.3.2 input for the period from live data and freeze it in the review."""
    review = _lock(review)
    rule = _check(actor, review, ManagementReviewAction.PREPARE)
    period = inputs.Period(start=review.period_start, end=review.period_end, review_id=review.pk)
    for row in inputs.inputs_compile(period):
        section = ReviewSection(review=review, **row)
        _save(section, actor=actor, reason="prepare")
    review.status = rule.target
    review.prepared_at = timezone.now()
    _save(review, actor=actor, reason=ManagementReviewAction.PREPARE, update_fields=["status", "prepared_at"])
    return review


@transaction.atomic
def section_comment(*, actor, section, commentary: str) -> ReviewSection:
    _require_officer(actor)
    review = _lock(section.review)
    _require_editable(review)
    section = ReviewSection.objects.select_for_update().get(pk=section.pk)
    section.commentary = (commentary or "").strip()
    _save(section, actor=actor, reason="comment", update_fields=["commentary"])
    return section


@transaction.atomic
def review_hold(*, actor, review, conclusions: str = "") -> ManagementReview:
    """The meeting took place: the officer records it and its conclusions."""
    review = _lock(review)
    rule = _check(actor, review, ManagementReviewAction.HOLD)
    review.status = rule.target
    review.held_at = timezone.now()
    review.conclusions = (conclusions or "").strip()
    _save(
        review,
        actor=actor,
        reason=ManagementReviewAction.HOLD,
        update_fields=["status", "held_at", "conclusions"],
    )
    return review


@transaction.atomic
def review_conclude(*, actor, review, conclusions: str) -> ManagementReview:
    _require_officer(actor)
    review = _lock(review)
    _require_editable(review)
    review.conclusions = (conclusions or "").strip()
    _save(review, actor=actor, reason="conclusions", update_fields=["conclusions"])
    return review


@transaction.atomic
def decision_record(
    *, actor, review, kind: str, description: str, owner, due_date: datetime.date, clause=None
) -> ReviewDecision:
    """An output of the review (9.3.3) becomes an action with an owner and a due date."""
    _require_officer(actor)
    review = _lock(review)
    _require_editable(review)
    errors = {}
    if kind not in ReviewDecision.Kind.values:
        errors["kind"] = [_("Choose the kind of decision.")]
    if not (description or "").strip():
        errors["description"] = [_("Describe the decision and the action to take.")]
    if owner is None or not owner.is_active:
        errors["owner"] = [_("Choose an active owner for the action.")]
    if due_date is None or due_date < review.meeting_date:
        errors["due_date"] = [_("The action is due on or after the meeting date.")]
    if errors:
        raise ValidationError(errors)
    decision = ReviewDecision(
        review=review,
        kind=kind,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        clause=clause,
        created_by=actor,
    )
    _save(decision, actor=actor, reason="decide")
    return decision


def _decision_close(*, actor, decision, status, note, reason):
    decision = ReviewDecision.objects.select_for_update().get(pk=decision.pk)
    if not may_complete_decision(actor, decision):
        raise PermissionDenied
    if decision.status != DecisionStatus.OPEN:
        raise ManagementReviewTransitionError(_("This action is no longer open."))
    if not (note or "").strip():
        raise ValidationError({"completion_note": [_("Say what was done (or why it is cancelled).")]})
    decision.status = status
    decision.completion_note = note.strip()
    decision.completed_at = timezone.now()
    _save(decision, actor=actor, reason=reason, update_fields=["status", "completion_note", "completed_at"])
    return decision


@transaction.atomic
def decision_complete(*, actor, decision, completion_note: str) -> ReviewDecision:
    return _decision_close(
        actor=actor, decision=decision, status=DecisionStatus.DONE, note=completion_note, reason="done"
    )


@transaction.atomic
def decision_cancel(*, actor, decision, completion_note: str) -> ReviewDecision:
    if not user_is_review_officer(actor):
        raise PermissionDenied
    return _decision_close(
        actor=actor, decision=decision, status=DecisionStatus.CANCELLED, note=completion_note, reason="cancel"
    )


def review_sign(*, actor, review, password: str) -> ManagementReview:
    """The chair signs the minutes: the PDF is rendered with the signature and stored, and
    the review freezes for good. The password is checked first, outside the transaction,
    so a failed attempt is recorded (signing lockout) even though nothing is signed."""
    review = ManagementReview.objects.get(pk=review.pk)
    _check(actor, review, ManagementReviewAction.SIGN)
    signing_authenticate(user=actor, password=password, purpose=f"management review {review.number}")
    return _review_sign(actor=actor, review=review)


@transaction.atomic
def _review_sign(*, actor, review) -> ManagementReview:
    review = _lock(review)
    rule = _check(actor, review, ManagementReviewAction.SIGN)
    from management_reviews.pdf import minutes_pdf

    review.signed_at = timezone.now()
    pdf = minutes_pdf(review, signed=True)
    review.minutes_checksum = sha256_of(ContentFile(pdf))
    review.minutes_pdf.save(f"{review.number}.pdf", ContentFile(pdf), save=False)
    review.status = rule.target
    _save(
        review,
        actor=actor,
        reason=ManagementReviewAction.SIGN,
        update_fields=["status", "signed_at", "minutes_pdf", "minutes_checksum"],
    )
    return review


def review_correct(*, actor, review) -> ManagementReview:
    """A correction of signed minutes: a new planned review linked to them."""
    return review_plan(
        actor=actor,
        title=_("Correction of %(number)s: %(title)s") % {"number": review.number, "title": review.title},
        period_start=review.period_start,
        period_end=review.period_end,
        meeting_date=max(review.meeting_date, timezone.localdate()),
        chair=review.chair,
        attendees=list(review.attendees.all()),
        corrects=review,
    )
