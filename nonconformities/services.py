"""Writes. Each service is one user action in one transaction: lock, check, save, record.

Locks are taken parent first (the nonconformity, then its action), always by primary
key. Illegal transitions raise ``NonconformityTransitionError`` (UI message, API 409);
missing rights raise ``PermissionDenied`` (404 for records the user cannot see).
History rows (django-simple-history) are the event record, with the acting user.
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.selectors import documents_check_visible
from nonconformities import permissions as perms
from nonconformities.models import CorrectiveAction, Feedback, Nonconformity, Verification
from nonconformities.workflow import (
    ACTION_EDITABLE_STATUSES,
    ANALYSIS_EDITABLE_STATUSES,
    FEEDBACK_LIFECYCLE,
    LIFECYCLE,
    FeedbackAction,
    NonconformityAction,
    NonconformityStatus,
    NonconformityTransitionError,
    Party,
)
from notifications.services import notify
from qms.history import save_recorded as _save
from qms.sequences import sequence_next
from qms.uploads import check_upload

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud on the phone
REFERENCE_GROUPS = 4  # 16 characters of 31: about 79 bits, not guessable
MAX_WHYS = 5


def _attach(instance, uploaded):
    """Check the upload by content and size before anything is stored."""
    checked = check_upload(uploaded)
    instance.file.save(checked.original_filename, uploaded, save=False)
    instance.file_name = checked.original_filename
    instance.file_content_type = checked.content_type
    instance.file_size = checked.size
    instance.file_checksum = checked.checksum
    return ["file", "file_name", "file_content_type", "file_size", "file_checksum"]


def _required(value, field, message):
    if not (value or "").strip():
        raise ValidationError({field: message})
    return value.strip()


def _url(name, pk):
    return reverse(name, args=[pk])


def number_next(*, year: int) -> str:
    """Next NC number of the year, e.g. ``NC-2026-004``; caller is inside a transaction
    (the series row stays locked until it commits)."""

    def number(seq: int) -> str:
        return f"NC-{year}-{seq:03d}"

    seq = sequence_next(
        f"NC-{year}", taken=lambda seq: Nonconformity.objects.filter(number=number(seq)).exists()
    )
    return number(seq)


def _lock(nonconformity) -> Nonconformity:
    return Nonconformity.objects.select_for_update().select_related("department").get(pk=nonconformity.pk)


def _check(actor, nonconformity, action):
    """Check the transition from the current status, then the actor's right to fire it."""
    rule = LIFECYCLE.transition(nonconformity.status, action)
    if not LIFECYCLE.may_fire(actor, nonconformity, rule):
        if rule.rule.party == Party.VERIFIER and perms.may_verify_in_principle(actor, nonconformity):
            raise NonconformityTransitionError(
                _("You own one of the corrective actions; someone else must verify their effectiveness.")
            )
        raise PermissionDenied(_("You may not do this."))
    return rule


def _notify(user, *, kind, subject, message, nonconformity):
    if user is None or not user.is_active:
        return
    notify(
        recipient=user,
        kind=kind,
        subject=subject,
        message=message,
        url=_url("nonconformities:detail", nonconformity.pk),
        context={"number": nonconformity.number, "title": nonconformity.title},
    )


# --- the nonconformity record -------------------------------------------------------


@transaction.atomic
def nonconformity_report(
    *,
    actor,
    title,
    source,
    department,
    description,
    severity,
    date_detected: datetime.date | None = None,
    iso_clause="",
    process="",
    documents=(),
    owner=None,
    feedback=None,
    finding=None,
) -> Nonconformity:
    """Record a nonconformity. Anyone signed in may report one; only QMS officers choose
    its owner (otherwise the head of the department answers it)."""
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied(_("Sign in to report a nonconformity."))
    today = timezone.localdate()
    date_detected = date_detected or today
    if date_detected > today:
        raise ValidationError({"date_detected": _("The date detected cannot be in the future.")})
    if source not in Nonconformity.Source.values:
        raise ValidationError({"source": _("Choose a source.")})
    if severity not in Nonconformity.Severity.values:
        raise ValidationError({"severity": _("Choose a severity.")})
    if owner is not None and not perms.user_is_nc_officer(actor):
        owner = None
    documents = list(documents or [])
    documents_check_visible(actor, documents, field="documents")
    nonconformity = Nonconformity(
        number=number_next(year=date_detected.year),
        title=_required(title, "title", _("A title is required.")),
        source=source,
        department=department,
        description=_required(description, "description", _("Describe the nonconformity.")),
        date_detected=date_detected,
        severity=severity,
        iso_clause=(iso_clause or "").strip(),
        process=(process or "").strip(),
        reporter=actor,
        owner=owner or department.head,
        feedback=feedback,
    )
    if finding is not None:
        nonconformity.finding = finding
    _save(nonconformity, actor=actor, reason="report")
    if documents:
        nonconformity.documents.set(documents)
    if nonconformity.owner_id and nonconformity.owner_id != actor.pk:
        _notify(
            nonconformity.owner,
            kind="nonconformity_assigned",
            subject=gettext_lazy("Nonconformity %(number)s is assigned to you"),
            message=gettext_lazy("Please contain it and find its root cause: %(title)s"),
            nonconformity=nonconformity,
        )
    return nonconformity


@transaction.atomic
def nonconformity_assign(*, actor, nonconformity, owner) -> Nonconformity:
    """Name who answers the nonconformity (QMS officer or the department head)."""
    nonconformity = _lock(nonconformity)
    if nonconformity.is_closed:
        raise NonconformityTransitionError(_("This nonconformity is closed; reopen it to change it."))
    if not (perms.user_is_nc_officer(actor) or actor.pk == nonconformity.department.head_id):
        raise PermissionDenied(_("You may not do this."))
    nonconformity.owner = owner
    _save(nonconformity, actor=actor, reason="assign", update_fields=["owner"])
    if owner.pk != actor.pk:
        _notify(
            owner,
            kind="nonconformity_assigned",
            subject=gettext_lazy("Nonconformity %(number)s is assigned to you"),
            message=gettext_lazy("Please contain it and find its root cause: %(title)s"),
            nonconformity=nonconformity,
        )
    return nonconformity


@transaction.atomic
def nonconformity_contain(
    *, actor, nonconformity, containment, correction="", consequences=""
) -> Nonconformity:
    """10.2.1 a: what was done at once to control and correct it, and its consequences."""
    nonconformity = _lock(nonconformity)
    rule = _check(actor, nonconformity, NonconformityAction.CONTAIN)
    nonconformity.containment = _required(
        containment, "containment", _("Say what was done to contain the nonconformity.")
    )
    nonconformity.correction = (correction or "").strip()
    nonconformity.consequences = (consequences or "").strip()
    nonconformity.status = rule.target
    _save(
        nonconformity,
        actor=actor,
        reason=NonconformityAction.CONTAIN,
        update_fields=["containment", "correction", "consequences", "status"],
    )
    return nonconformity


def _clean_analysis(five_whys, cause_categories, root_cause):
    whys = [w.strip() for w in (five_whys or []) if (w or "").strip()][:MAX_WHYS]
    categories = list(dict.fromkeys(cause_categories or []))
    unknown = set(categories) - set(Nonconformity.CauseCategory.values)
    if unknown:
        raise ValidationError({"cause_categories": _("Unknown cause category.")})
    root_cause = _required(root_cause, "root_cause", _("State the root cause."))
    if not whys and not categories:
        raise ValidationError(
            {"five_whys": _("Record the analysis: at least one “why”, or a cause category.")}
        )
    return whys, categories, root_cause


@transaction.atomic
def nonconformity_analyse(
    *, actor, nonconformity, five_whys=(), cause_categories=(), root_cause
) -> Nonconformity:
    """10.2.1 b: record the root-cause analysis (5 whys and/or cause categories).

    From "contained" this moves the record on; while the action plan is being made the
    analysis may still be refined (no status change)."""
    nonconformity = _lock(nonconformity)
    update_fields = ["five_whys", "cause_categories", "root_cause"]
    if nonconformity.status in ANALYSIS_EDITABLE_STATUSES:
        if not perms.is_handler(actor, nonconformity):
            raise PermissionDenied(_("You may not do this."))
        reason = "refine root cause"
    else:
        rule = _check(actor, nonconformity, NonconformityAction.ANALYSE)
        nonconformity.status = rule.target
        update_fields.append("status")
        reason = NonconformityAction.ANALYSE
    whys, categories, root_cause = _clean_analysis(five_whys, cause_categories, root_cause)
    nonconformity.five_whys = whys
    nonconformity.cause_categories = categories
    nonconformity.root_cause = root_cause
    _save(nonconformity, actor=actor, reason=reason, update_fields=update_fields)
    return nonconformity


def _live_actions(nonconformity):
    return nonconformity.actions.exclude(status=CorrectiveAction.State.CANCELLED)


@transaction.atomic
def nonconformity_plan(*, actor, nonconformity) -> Nonconformity:
    nonconformity = _lock(nonconformity)
    rule = _check(actor, nonconformity, NonconformityAction.PLAN)
    if not nonconformity.actions.filter(status=CorrectiveAction.State.OPEN).exists():
        raise NonconformityTransitionError(_("Add at least one corrective action to the plan first."))
    nonconformity.status = rule.target
    _save(nonconformity, actor=actor, reason=NonconformityAction.PLAN, update_fields=["status"])
    return nonconformity


@transaction.atomic
def nonconformity_implement(*, actor, nonconformity) -> Nonconformity:
    nonconformity = _lock(nonconformity)
    rule = _check(actor, nonconformity, NonconformityAction.IMPLEMENT)
    if not nonconformity.actions.filter(status=CorrectiveAction.State.OPEN).exists():
        raise NonconformityTransitionError(_("The action plan has no open corrective action."))
    nonconformity.status = rule.target
    _save(nonconformity, actor=actor, reason=NonconformityAction.IMPLEMENT, update_fields=["status"])
    return nonconformity


@transaction.atomic
def nonconformity_request_verification(*, actor, nonconformity) -> Nonconformity:
    """Hand over for the effectiveness check once the last corrective action is done."""
    nonconformity = _lock(nonconformity)
    rule = _check(actor, nonconformity, NonconformityAction.REQUEST_VERIFICATION)
    live = _live_actions(nonconformity)
    if not live.filter(status=CorrectiveAction.State.DONE).exists():
        raise NonconformityTransitionError(_("No corrective action has been done yet."))
    if live.filter(status=CorrectiveAction.State.OPEN).exists():
        raise NonconformityTransitionError(
            _("Every corrective action must be done before its effectiveness is verified.")
        )
    nonconformity.status = rule.target
    _save(
        nonconformity, actor=actor, reason=NonconformityAction.REQUEST_VERIFICATION, update_fields=["status"]
    )
    owners = set(nonconformity.actions.values_list("owner_id", flat=True))
    verifiers = get_user_model().objects.filter(
        Q(groups__permissions__codename="verify_nonconformity") | Q(pk=nonconformity.department.head_id),
        is_active=True,
    )
    for user in verifiers.exclude(pk__in=owners).distinct().order_by("pk"):
        _notify(
            user,
            kind="nonconformity_verification",
            subject=gettext_lazy("Nonconformity %(number)s is ready for verification"),
            message=gettext_lazy("Check that the corrective actions worked: %(title)s"),
            nonconformity=nonconformity,
        )
    return nonconformity


@transaction.atomic
def nonconformity_verify(*, actor, nonconformity, effective: bool, notes, evidence=None) -> Verification:
    """10.2.1 d: someone other than the action owners checks that the actions worked.

    Effective: the record closes. Not effective: back to the action plan."""
    nonconformity = _lock(nonconformity)
    action = NonconformityAction.VERIFY_EFFECTIVE if effective else NonconformityAction.VERIFY_INEFFECTIVE
    rule = _check(actor, nonconformity, action)
    if _live_actions(nonconformity).filter(status=CorrectiveAction.State.OPEN).exists():
        raise NonconformityTransitionError(_("A corrective action is still open."))
    verification = Verification(
        nonconformity=nonconformity,
        verifier=actor,
        result=Verification.Result.EFFECTIVE if effective else Verification.Result.NOT_EFFECTIVE,
        notes=_required(notes, "notes", _("Describe the evidence that the actions worked (or did not).")),
    )
    if evidence is not None:
        _attach(verification, evidence)
    _save(verification, actor=actor, reason=action)
    nonconformity.status = rule.target
    fields = ["status"]
    if effective:
        nonconformity.closed_at = timezone.now()
        nonconformity.closed_by = actor
        fields += ["closed_at", "closed_by"]
    _save(nonconformity, actor=actor, reason=action, update_fields=fields)
    if not effective and nonconformity.owner_id:
        _notify(
            nonconformity.owner,
            kind="nonconformity_replan",
            subject=gettext_lazy("Corrective actions of %(number)s did not work"),
            message=gettext_lazy("Plan further corrective actions: %(title)s"),
            nonconformity=nonconformity,
        )
    return verification


@transaction.atomic
def nonconformity_reopen(*, actor, nonconformity, reason) -> Nonconformity:
    """A closed record is never edited; reopening is its own transition, with a reason."""
    reason = _required(reason, "reason", _("Give the reason for reopening."))
    nonconformity = _lock(nonconformity)
    rule = _check(actor, nonconformity, NonconformityAction.REOPEN)
    nonconformity.status = rule.target
    nonconformity.reopen_reason = reason
    nonconformity.closed_at = None
    nonconformity.closed_by = None
    _save(
        nonconformity,
        actor=actor,
        reason=NonconformityAction.REOPEN,
        update_fields=["status", "reopen_reason", "closed_at", "closed_by"],
    )
    return nonconformity


def nonconformity_open_from_finding(*, actor, finding) -> Nonconformity:
    """Open the nonconformity record of a major or minor audit finding.

    Registered with ``audits.hooks``; called by ``audits.services.finding_open_nonconformity``,
    which holds the finding's row lock, has checked the actor's right and that the finding
    has no record yet."""
    from audits.models import Finding

    statement = " ".join(finding.statement.split())
    title = statement if len(statement) <= 200 else statement[:199] + "…"
    description = finding.statement.strip()
    if finding.evidence.strip():
        description += "\n\n" + _("Audit evidence: %(evidence)s") % {"evidence": finding.evidence.strip()}
    with transaction.atomic():
        return nonconformity_report(
            actor=actor,
            title=title or finding.reference,
            source=Nonconformity.Source.AUDIT_FINDING,
            department=finding.department,
            description=description,
            severity=(
                Nonconformity.Severity.MAJOR
                if finding.category == Finding.Category.MAJOR_NC
                else Nonconformity.Severity.MINOR
            ),
            date_detected=timezone.localdate(finding.created_at),
            iso_clause=finding.clause.number,
            finding=finding,
        )


TRANSITION_SERVICES = {
    NonconformityAction.CONTAIN: nonconformity_contain,
    NonconformityAction.ANALYSE: nonconformity_analyse,
    NonconformityAction.PLAN: nonconformity_plan,
    NonconformityAction.IMPLEMENT: nonconformity_implement,
    NonconformityAction.REQUEST_VERIFICATION: nonconformity_request_verification,
    NonconformityAction.REOPEN: nonconformity_reopen,
}


# --- corrective actions -------------------------------------------------------------


@transaction.atomic
def corrective_action_add(
    *, actor, nonconformity, description, owner, due_date: datetime.date, document=None
) -> CorrectiveAction:
    nonconformity = _lock(nonconformity)
    if not perms.is_handler(actor, nonconformity):
        raise PermissionDenied(_("You may not do this."))
    if nonconformity.status not in ACTION_EDITABLE_STATUSES:
        raise NonconformityTransitionError(
            _("Corrective actions are planned after the root cause is found and before verification.")
        )
    if due_date is None:
        raise ValidationError({"due_date": _("A due date is required.")})
    if document is not None:
        documents_check_visible(actor, [document], field="document")
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    action = CorrectiveAction(
        nonconformity=nonconformity,
        description=_required(description, "description", _("Describe the corrective action.")),
        owner=owner,
        due_date=due_date,
        document=document,
        created_by=actor,
    )
    _save(action, actor=actor, reason="add action")
    if document is not None:
        action.change_request = _change_request_open(actor=actor, nonconformity=nonconformity, action=action)
        _save(action, actor=actor, reason="change request", update_fields=["change_request"])
    if owner.pk != actor.pk:
        notify(
            recipient=owner,
            kind="corrective_action_assigned",
            subject=gettext_lazy("Corrective action for %(number)s, due %(due)s"),
            message=gettext_lazy("%(description)s"),
            url=_url("nonconformities:detail", nonconformity.pk),
            context={
                "number": nonconformity.number,
                "due": due_date.strftime("%d/%m/%Y"),
                "description": action.description[:500],
            },
        )
    return action


def _change_request_open(*, actor, nonconformity, action):
    """An action that changes a controlled document opens a change request on it; the
    action points at the request and the request back at the action."""
    from django.apps import apps

    if not apps.is_installed("approvals"):
        return None
    from approvals.services import change_request_create

    why = _("Corrective action for nonconformity %(number)s. Root cause: %(cause)s") % {
        "number": nonconformity.number,
        "cause": nonconformity.root_cause or "—",
    }
    try:
        return change_request_create(actor=actor, document=action.document, what=action.description, why=why)
    except PermissionDenied:
        raise ValidationError(
            {
                "document": _(
                    "This document has no effective version you can read; a change cannot be requested."
                )
            }
        ) from None


def _lock_action(action) -> tuple[Nonconformity, CorrectiveAction]:
    nonconformity_id = CorrectiveAction.objects.values_list("nonconformity_id", flat=True).get(pk=action.pk)
    nonconformity = _lock(Nonconformity(pk=nonconformity_id))
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    return nonconformity, action


@transaction.atomic
def corrective_action_complete(*, actor, action, note, evidence=None) -> CorrectiveAction:
    """The action owner records what was done, with evidence (a note, and a file if any)."""
    nonconformity, action = _lock_action(action)
    if not perms.may_complete_action(actor, action):
        raise PermissionDenied(_("Only the owner of the action records that it is done."))
    if nonconformity.status != NonconformityStatus.IMPLEMENTING:
        raise NonconformityTransitionError(_("Actions are completed while the plan is being implemented."))
    if action.status != CorrectiveAction.State.OPEN:
        raise NonconformityTransitionError(_("This action is no longer open."))
    action.completion_note = _required(note, "note", _("Describe what was done and the evidence."))
    fields = ["completion_note", "status", "completed_at"]
    if evidence is not None:
        fields += _attach(action, evidence)
    action.status = CorrectiveAction.State.DONE
    action.completed_at = timezone.now()
    _save(action, actor=actor, reason="complete action", update_fields=fields)
    return action


@transaction.atomic
def corrective_action_cancel(*, actor, action, reason) -> CorrectiveAction:
    reason = _required(reason, "reason", _("Give the reason for cancelling the action."))
    nonconformity, action = _lock_action(action)
    if not perms.is_handler(actor, nonconformity):
        raise PermissionDenied(_("You may not do this."))
    if nonconformity.status not in ACTION_EDITABLE_STATUSES or action.status != CorrectiveAction.State.OPEN:
        raise NonconformityTransitionError(_("This action can no longer be cancelled."))
    action.status = CorrectiveAction.State.CANCELLED
    action.cancel_reason = reason
    _save(action, actor=actor, reason="cancel action", update_fields=["status", "cancel_reason"])
    return action


# --- citizen and customer feedback --------------------------------------------------


def feedback_reference_new() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(4 * REFERENCE_GROUPS))
    return "PA-" + "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def feedback_reference_normalise(text: str) -> str:
    """Accept what people type: lower case, spaces, missing dashes."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if raw.startswith("PA"):
        raw = raw[2:]
    if len(raw) != 4 * REFERENCE_GROUPS:
        return ""
    return "PA-" + "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def feedback_submit(*, subject, message, name="", contact="", attachment=None) -> Feedback:
    """Public form (no login). Spam and rate checks happen in the view, before this."""
    feedback = Feedback(
        reference=feedback_reference_new(),
        name=(name or "").strip()[:200],
        contact=(contact or "").strip()[:200],
        subject=_required(subject, "subject", _("A subject is required."))[:200],
        message=_required(message, "message", _("Write your message.")),
    )
    if attachment is not None:
        _attach(feedback, attachment)
    _save(feedback, actor=None, reason="submit")
    officers = (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__codename="triage_feedback")
            | Q(user_permissions__codename="triage_feedback"),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    for officer in officers:
        notify(
            recipient=officer,
            kind="feedback_received",
            subject=gettext_lazy("New feedback %(reference)s: %(subject)s"),
            message=gettext_lazy("Answer it or open a nonconformity from it."),
            url=_url("nonconformities:feedback_detail", feedback.pk),
            context={"reference": feedback.reference, "subject": feedback.subject[:100]},
        )
    return feedback


def _lock_feedback(actor, feedback) -> Feedback:
    if not perms.user_may_triage(actor):
        raise PermissionDenied(_("You may not do this."))
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


@transaction.atomic
def feedback_answer(*, actor, feedback, answer) -> Feedback:
    """Answer the sender (shown on the public status page) and close the feedback."""
    feedback = _lock_feedback(actor, feedback)
    feedback.status = FEEDBACK_LIFECYCLE.transition_for(feedback, FeedbackAction.ANSWER, actor).target
    feedback.answer = _required(answer, "answer", _("Write the answer to the sender."))
    now = timezone.now()
    feedback.answered_at = now
    feedback.answered_by = actor
    fields = ["status", "answer", "answered_at", "answered_by"]
    if feedback.responded_at is None:
        feedback.responded_at = now
        fields.append("responded_at")
    _save(feedback, actor=actor, reason=FeedbackAction.ANSWER, update_fields=fields)
    return feedback


@transaction.atomic
def feedback_open_nonconformity(
    *,
    actor,
    feedback,
    department,
    severity,
    title="",
    description="",
    owner=None,
    iso_clause="",
    process="",
    documents=(),
) -> Nonconformity:
    """Triage: the complaint reveals a nonconformity; open it, linked to the feedback."""
    feedback = _lock_feedback(actor, feedback)
    feedback.status = FEEDBACK_LIFECYCLE.transition_for(
        feedback, FeedbackAction.OPEN_NONCONFORMITY, actor
    ).target
    nonconformity = nonconformity_report(
        actor=actor,
        title=title or feedback.subject,
        source=Nonconformity.Source.FEEDBACK,
        department=department,
        description=description or feedback.message,
        severity=severity,
        date_detected=timezone.localdate(feedback.submitted_at),
        iso_clause=iso_clause,
        process=process,
        documents=documents,
        owner=owner,
        feedback=feedback,
    )
    fields = ["status"]
    if feedback.responded_at is None:
        feedback.responded_at = timezone.now()
        fields.append("responded_at")
    _save(feedback, actor=actor, reason=FeedbackAction.OPEN_NONCONFORMITY, update_fields=fields)
    return nonconformity
