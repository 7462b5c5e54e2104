"""Writes of the risk register: one user action per transaction (lock, check, save, record).

Illegal transitions raise ``RiskTransitionError`` (UI message, API 409); missing rights
raise PermissionDenied (404: the risk looks missing); bad input raises ValidationError
with field messages before anything is saved. History rows are the event record.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.selectors import documents_check_visible
from nonconformities.models import Nonconformity
from nonconformities.permissions import visible_nonconformity_q
from objectives.models import Objective
from objectives.permissions import visible_objective_q
from qms.history import save_recorded as _save
from qms.sequences import sequence_next
from qms.uploads import check_upload
from risks import permissions as perms
from risks.models import RatingBand, Risk, RiskScale, TreatmentAction
from risks.workflow import LIFECYCLE, RiskAction, RiskKind, RiskStatus, RiskTransitionError

TEXT_FIELDS = (
    "title",
    "process",
    "description",
    "cause",
    "consequence",
    "interested_party",
    "existing_controls",
)
LEVEL_FIELDS = ("likelihood", "impact", "residual_likelihood", "residual_impact")
EDITABLE = (
    *TEXT_FIELDS,
    *LEVEL_FIELDS,
    "kind",
    "department",
    "owner",
    "next_review_date",
    "iso_clause",
)


def number_next(*, year: int) -> str:
    return f"RR-{year}-{sequence_next(f'risk-{year}'):03d}"


def _links_set(actor, risk, *, documents=None, nonconformities=None, objectives=None):
    """Links are only to records the actor may see (a hidden document is refused, by name
    of the field, never listed)."""
    if documents is not None:
        documents = list(documents)
        documents_check_visible(actor, documents, field="documents")
        risk.documents.set(documents)
    if nonconformities is not None:
        nonconformities = list(nonconformities)
        visible = set(
            Nonconformity.objects.filter(
                visible_nonconformity_q(actor), pk__in=[n.pk for n in nonconformities]
            ).values_list("pk", flat=True)
        )
        if any(n.pk not in visible for n in nonconformities):
            raise ValidationError({"nonconformities": _("Choose nonconformities you may see.")})
        risk.nonconformities.set(nonconformities)
    if objectives is not None:
        objectives = list(objectives)
        visible = set(
            Objective.objects.filter(
                visible_objective_q(actor), pk__in=[o.pk for o in objectives]
            ).values_list("pk", flat=True)
        )
        if any(o.pk not in visible for o in objectives):
            raise ValidationError({"objectives": _("Choose objectives you may see.")})
        risk.objectives.set(objectives)


def _clean(risk: Risk) -> None:
    errors = {}
    if not (risk.title or "").strip():
        errors["title"] = _("A title is required.")
    if not (risk.description or "").strip():
        errors["description"] = _("Describe the risk or opportunity.")
    if risk.kind not in RiskKind.values:
        errors["kind"] = _("Choose risk or opportunity.")
    if risk.department_id is None:
        errors["department"] = _("Choose the department.")
    if risk.owner_id is None:
        errors["owner"] = _("Choose the owner.")
    for name in LEVEL_FIELDS:
        value = getattr(risk, name)
        if value is not None and not isinstance(value, int):
            errors[name] = _("Choose a level.")
    if errors:
        raise ValidationError(errors)
    risk.clean()
    for name in TEXT_FIELDS:
        setattr(risk, name, (getattr(risk, name) or "").strip())


@transaction.atomic
def risk_register(*, actor, documents=(), nonconformities=(), objectives=(), **fields) -> Risk:
    """Record a risk or opportunity: officers anywhere, department heads in theirs."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"risk_register: unknown fields {sorted(unknown)}")
    if not perms.may_register(actor, fields.get("department")):
        raise PermissionDenied
    risk = Risk(created_by=actor, status=RiskStatus.OPEN, **fields)
    risk.kind = risk.kind or RiskKind.RISK
    _clean(risk)
    risk.number = number_next(year=timezone.localdate().year)
    _save(risk, actor=actor, reason="register")
    _links_set(actor, risk, documents=documents, nonconformities=nonconformities, objectives=objectives)
    return risk


def _lock(risk) -> Risk:
    return Risk.objects.select_for_update().select_related("department").get(pk=risk.pk)


@transaction.atomic
def risk_update(*, actor, risk, documents=None, nonconformities=None, objectives=None, **fields) -> Risk:
    """Re-assess or edit a risk (owner, department head, officer); a closed risk is
    reopened first. Moving it to another department needs the right to register there."""
    risk = _lock(risk)
    if not perms.may_handle(actor, risk):
        raise PermissionDenied
    if risk.status == RiskStatus.CLOSED:
        raise RiskTransitionError(_("This risk is closed; reopen it to change it."))
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(f"risk_update: unknown field {name}")
        setattr(risk, name, value)
    if "department" in fields and not perms.may_register(actor, risk.department):
        raise PermissionDenied
    _clean(risk)
    _save(risk, actor=actor, reason="update")
    _links_set(actor, risk, documents=documents, nonconformities=nonconformities, objectives=objectives)
    return risk


@transaction.atomic
def risk_transition(*, actor, risk, action) -> Risk:
    """Move the risk along its lifecycle. Treated needs a treatment action; monitored
    needs every action finished; closing records when."""
    risk = _lock(risk)
    if not Risk.objects.filter(perms.visible_risk_q(actor), pk=risk.pk).exists():
        raise PermissionDenied
    transition = LIFECYCLE.transition(risk.status, action)
    if not LIFECYCLE.may_fire(actor, risk, transition):
        raise RiskTransitionError(_("You may not do this on this risk."))
    live = risk.actions.exclude(status=TreatmentAction.State.CANCELLED)
    if action == RiskAction.TREAT and not live.exists():
        raise RiskTransitionError(_("Plan at least one treatment action first."))
    if action == RiskAction.MONITOR and live.filter(status=TreatmentAction.State.OPEN).exists():
        raise RiskTransitionError(_("Finish or cancel the open treatment actions first."))
    risk.status = transition.target
    risk.closed_at = timezone.now() if transition.target == RiskStatus.CLOSED else None
    _save(risk, actor=actor, reason=action, update_fields=["status", "closed_at"])
    return risk


def _attach(instance, uploaded) -> list[str]:
    checked = check_upload(uploaded)
    instance.file.save(checked.original_filename, uploaded, save=False)
    instance.file_name = checked.original_filename
    instance.file_content_type = checked.content_type
    instance.file_size = checked.size
    instance.file_checksum = checked.checksum
    return ["file", "file_name", "file_content_type", "file_size", "file_checksum"]


@transaction.atomic
def treatment_action_add(*, actor, risk, description, owner, due_date) -> TreatmentAction:
    risk = _lock(risk)
    if not perms.may_handle(actor, risk):
        raise PermissionDenied
    if risk.status == RiskStatus.CLOSED:
        raise RiskTransitionError(_("This risk is closed; reopen it to change it."))
    errors = {}
    if not (description or "").strip():
        errors["description"] = _("Describe the action.")
    if owner is None:
        errors["owner"] = _("Choose who does it.")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Enter the due date.")
    elif due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    action = TreatmentAction(
        risk=risk, description=description.strip(), owner=owner, due_date=due_date, created_by=actor
    )
    _save(action, actor=actor, reason="add action")
    return action


def _lock_action(action) -> TreatmentAction:
    Risk.objects.select_for_update().filter(pk=action.risk_id).first()  # parent first
    return (
        TreatmentAction.objects.select_for_update()
        .select_related("risk", "risk__department")
        .get(pk=action.pk)
    )


@transaction.atomic
def treatment_action_complete(*, actor, action, note, effective=None, evidence=None) -> TreatmentAction:
    """Record what was done (its owner, or whoever handles the risk) and, if known,
    whether it lowered the risk as intended."""
    action = _lock_action(action)
    if not perms.may_complete_action(actor, action):
        raise PermissionDenied
    if action.status != TreatmentAction.State.OPEN:
        raise RiskTransitionError(_("This action is already finished."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what was done.")})
    fields = ["status", "completion_note", "completed_at", "effective"]
    if evidence is not None:
        fields += _attach(action, evidence)
    action.status = TreatmentAction.State.DONE
    action.completion_note = note.strip()
    action.completed_at = timezone.now()
    action.effective = effective
    _save(action, actor=actor, reason="complete", update_fields=fields)
    return action


@transaction.atomic
def treatment_action_cancel(*, actor, action) -> TreatmentAction:
    action = _lock_action(action)
    if not perms.may_handle(actor, action.risk):
        raise PermissionDenied
    if action.status != TreatmentAction.State.OPEN:
        raise RiskTransitionError(_("This action is already finished."))
    action.status = TreatmentAction.State.CANCELLED
    _save(action, actor=actor, reason="cancel", update_fields=["status"])
    return action


# --- the scale and its bands (officers) ----------------------------------------------


@transaction.atomic
def risk_scale_set(*, actor, likelihood_levels: int, impact_levels: int) -> RiskScale:
    """Change the scale. Refused when a recorded risk uses a level beyond the new scale."""
    if not perms.user_is_risk_officer(actor):
        raise PermissionDenied
    errors = {}
    for name, value in (("likelihood_levels", likelihood_levels), ("impact_levels", impact_levels)):
        if not isinstance(value, int) or not 2 <= value <= 10:
            errors[name] = _("Choose from 2 to 10 levels.")
    if errors:
        raise ValidationError(errors)
    from django.db.models import Q

    beyond = Risk.objects.filter(
        Q(likelihood__gt=likelihood_levels)
        | Q(impact__gt=impact_levels)
        | Q(residual_likelihood__gt=likelihood_levels)
        | Q(residual_impact__gt=impact_levels)
    ).count()
    if beyond:
        raise ValidationError(
            _("%(count)s risks use a level beyond this scale; re-assess them first.") % {"count": beyond}
        )
    scale = RiskScale.objects.select_for_update().order_by("pk").first() or RiskScale()
    scale.likelihood_levels = likelihood_levels
    scale.impact_levels = impact_levels
    _save(scale, actor=actor, reason="scale")
    return scale


@transaction.atomic
def rating_band_save(
    *, actor, name, min_score, max_score, colour, requires_treatment=False, band=None
) -> RatingBand:
    """Add (or change) a rating band; bands may not overlap."""
    if not perms.user_is_risk_officer(actor):
        raise PermissionDenied
    list(RatingBand.objects.select_for_update().order_by("pk"))  # bands change one at a time
    band = band or RatingBand()
    band.name = (name or "").strip()
    band.min_score, band.max_score = min_score, max_score
    band.colour = (colour or "").strip().lower()
    band.requires_treatment = bool(requires_treatment)
    if not band.name:
        raise ValidationError({"name": _("Name the band.")})
    band.full_clean()
    _save(band, actor=actor, reason="band")
    return band


@transaction.atomic
def rating_band_delete(*, actor, band) -> None:
    if not perms.user_is_risk_officer(actor):
        raise PermissionDenied
    band._history_user = actor
    band.delete()
