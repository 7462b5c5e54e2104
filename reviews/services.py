"""Writes for periodic review: recording a review and what each outcome sets off."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from organisation.roles import Role
from organisation.selectors import role_group
from reviews.models import Outcome, PeriodicReview


def user_may_review(user, document) -> bool:
    """The document's owner or a QMS officer records its periodic review."""
    return user.is_authenticated and (
        user.pk == document.owner_id or user.has_perm("reviews.record_any_review")
    )


def review_next_date(*, version, reviewed_on: datetime.date) -> datetime.date:
    return reviewed_on + relativedelta(months=version.document.review_months)


def _current_content_as_upload(version):
    """The reviewed version's file, re-uploaded so the new draft starts from the current text."""
    if not version.file:
        return None
    with version.file.open("rb") as stored:
        return ContentFile(stored.read(), name=version.original_filename or "document")


@transaction.atomic
def review_record(
    *, actor, version, outcome: str, comment: str = "", file=None, body: str = "", change_summary: str = ""
) -> PeriodicReview:
    """Record the periodic review of an effective version.

    no change: the next review date moves on (a history row on the version says so);
    revise: a new draft opens, linked to the review (starting from the current content
    when no file or text is given); withdraw: withdrawal starts (the QMS officers are
    asked to withdraw the version, which takes an approver's signature). A review
    recorded for the due date settles it, so reminders about it stop.
    """
    version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    if not user_may_review(actor, version.document):
        raise PermissionDenied(_("Only the document owner or a QMS officer records its review."))
    if version.status != DocumentStatus.EFFECTIVE:
        raise TransitionError(_("Only an effective version has periodic reviews."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    comment = (comment or "").strip()
    if outcome in (Outcome.REVISE, Outcome.WITHDRAW) and not comment:
        raise ValidationError({"comment": _("Say why the document must be revised or withdrawn.")})

    today = timezone.localdate()
    review = PeriodicReview(
        version=version,
        due_date=version.next_review_date or today,
        outcome=outcome,
        comment=comment,
        reviewed_by=actor,
    )
    if outcome == Outcome.NO_CHANGE:
        version.next_review_date = review_next_date(version=version, reviewed_on=today)
        version._history_user = actor
        version._change_reason = "periodic review: no change"
        version.save(update_fields=["next_review_date"])
        review.next_review_date = version.next_review_date
    elif outcome == Outcome.REVISE:
        if file is None and not body.strip():
            file = _current_content_as_upload(version)
            body = "" if file is not None else version.body
        review.new_version = document_services.version_create_draft(
            actor=actor,
            document=version.document,
            author=version.document.owner,  # an officer's "revise" opens the draft for the owner
            file=file,
            body=body,
            change_summary=change_summary.strip() or comment,
        )
    else:
        _withdrawal_start(actor=actor, version=version, reason=comment)
    review._history_user = actor
    review.save()
    return review


WITHDRAWAL_SUBJECT = gettext_lazy("Withdrawal requested: %(number)s")
WITHDRAWAL_MESSAGE = gettext_lazy(
    "%(reviewer)s reviewed %(number)s %(title)s and asks for it to be withdrawn: %(reason)s"
)


def _withdrawal_start(*, actor, version, reason):
    """Withdrawal itself needs an approver's electronic signature (approvals), so the
    review starts it: the QMS officers are asked, on commit, to withdraw the version."""
    from django.urls import reverse

    from notifications.services import notify

    context = {
        "reviewer": actor.get_full_name() or actor.get_username(),
        "number": version.document.number,
        "title": version.document.title,
        "reason": reason,
    }
    for officer in role_group(Role.OFFICER).user_set.filter(is_active=True).order_by("pk"):
        notify(
            recipient=officer,
            kind="review_withdrawal_requested",
            subject=WITHDRAWAL_SUBJECT,
            message=WITHDRAWAL_MESSAGE,
            url=reverse("documents:version_detail", args=[version.pk]),
            context=context,
        )
