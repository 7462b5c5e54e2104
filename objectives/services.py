"""Writes of quality objectives: one user action per transaction (lock, check, save, record).

Missing rights raise PermissionDenied (404: the objective looks missing); bad input
raises ValidationError with field messages, before anything is saved.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nonconformities.models import Nonconformity
from nonconformities.services import nonconformity_report
from objectives import permissions as perms
from objectives.models import Measurement, Objective, PlanItem
from objectives.workflow import Direction, Frequency, ObjectiveStatus, status_for
from organisation.services import system_user
from qms import indicators
from qms.errors import TransitionRefused
from qms.history import save_recorded as _save
from qms.uploads import check_upload

OBJECTIVE_FIELDS = (
    "year",
    "department",
    "statement",
    "indicator_name",
    "indicator_key",
    "unit",
    "direction",
    "target",
    "threshold",
    "frequency",
    "owner",
    "iso_clause",
)


def _decimal(value, field, *, required=True):
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Enter a number.")})
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise ValidationError({field: _("Enter a number.")})
    return number.quantize(Decimal("0.01"))


def _clean_objective(objective: Objective) -> None:
    """Field checks a form or the API may have skipped, as one ValidationError."""
    errors = {}
    if not (objective.statement or "").strip():
        errors["statement"] = _("State the objective.")
    if objective.indicator_key:
        indicator = indicators.get(objective.indicator_key)
        if indicator is None:
            errors["indicator_key"] = _("Choose one of the built-in indicators.")
        else:
            # A built-in indicator brings its own name, unit and direction.
            objective.indicator_name = objective.indicator_name or str(indicator.label)
            objective.unit = str(indicator.unit)
            objective.direction = indicator.direction
    if not (objective.indicator_name or "").strip():
        errors["indicator_name"] = _("Name the indicator.")
    if objective.direction not in Direction.values:
        errors["direction"] = _("Choose a direction.")
    if objective.frequency not in Frequency.values:
        errors["frequency"] = _("Choose a frequency.")
    if not isinstance(objective.year, int) or not 2000 <= objective.year <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    if errors:
        raise ValidationError(errors)
    objective.clean()


@transaction.atomic
def objective_create(*, actor, plan=(), **fields) -> Objective:
    """Set an objective (officers). ``plan``: dicts of PlanItem fields (what, resources,
    responsible, due_date), saved with it or not at all."""
    if not perms.user_is_objective_officer(actor):
        raise PermissionDenied
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"objective_create: unknown fields {sorted(unknown)}")
    fields["target"] = _decimal(fields.get("target"), "target")
    fields["threshold"] = _decimal(fields.get("threshold"), "threshold", required=False)
    fields.setdefault("indicator_key", "")
    fields.setdefault("direction", Direction.UP)
    fields.setdefault("frequency", Frequency.MONTHLY)
    if fields.get("owner") is None:
        raise ValidationError({"owner": _("Choose the owner.")})
    objective = Objective(created_by=actor, **fields)
    _clean_objective(objective)
    _save(objective, actor=actor, reason="create")
    for item in plan:
        plan_item_add(actor=actor, objective=objective, **item)
    return objective


@transaction.atomic
def objective_update(*, actor, objective, **fields) -> Objective:
    """Change an objective's fields (officers); the status is computed again."""
    if not perms.user_is_objective_officer(actor):
        raise PermissionDenied
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    for name, value in fields.items():
        if name not in OBJECTIVE_FIELDS:
            raise TypeError(f"objective_update: unknown field {name}")
        if name in ("target", "threshold"):
            value = _decimal(value, name, required=name == "target")
        setattr(objective, name, value)
    _clean_objective(objective)
    _status_refresh(objective)
    _save(objective, actor=actor, reason="update")
    return objective


@transaction.atomic
def plan_item_add(*, actor, objective, what, responsible, due_date, resources="") -> PlanItem:
    """Add a 6.2.2 plan line: officers and the objective's owner."""
    if not (perms.user_is_objective_officer(actor) or perms.may_measure(actor, objective)):
        raise PermissionDenied
    errors = {}
    if not (what or "").strip():
        errors["what"] = _("Say what will be done.")
    if not (responsible or "").strip():
        errors["responsible"] = _("Say who will be responsible.")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Enter the date it will be completed.")
    if errors:
        raise ValidationError(errors)
    item = PlanItem(
        objective=objective,
        what=what.strip(),
        resources=(resources or "").strip(),
        responsible=responsible.strip(),
        due_date=due_date,
    )
    _save(item, actor=actor, reason="plan")
    return item


def _period_for(objective, period_start) -> tuple[datetime.date, datetime.date]:
    for start, end in objective.periods():
        if start == period_start:
            return start, end
    raise ValidationError(
        {"period_start": _("Choose one of the objective's periods in %(year)s.") % {"year": objective.year}}
    )


def _status_refresh(objective) -> None:
    """Status and latest value from the latest measurement (caller saves the objective)."""
    latest = objective.measurements.order_by("-period_start").values_list("value", flat=True).first()
    objective.latest_value = latest
    objective.status = status_for(
        latest, direction=objective.direction, target=objective.target, threshold=objective.threshold
    )


def _attach(measurement, uploaded) -> None:
    checked = check_upload(uploaded)
    measurement.file.save(checked.original_filename, uploaded, save=False)
    measurement.file_name = checked.original_filename
    measurement.file_content_type = checked.content_type
    measurement.file_size = checked.size
    measurement.file_checksum = checked.checksum


@transaction.atomic
def measurement_record(*, actor, objective, period_start, value, comment="", evidence=None) -> Measurement:
    """Record (or correct) the value of one period of a hand-measured objective: its
    owner, the head of its department or an officer. A period not yet begun is refused."""
    objective = (
        Objective.objects.select_for_update(of=("self",)).select_related("department").get(pk=objective.pk)
    )
    if not perms.may_measure(actor, objective):
        raise PermissionDenied
    if objective.is_computed:
        raise TransitionRefused(_("This objective is measured by the system; use “Compute now”."))
    if not isinstance(period_start, datetime.date):
        raise ValidationError({"period_start": _("Choose a period.")})
    start, end = _period_for(objective, period_start)
    if start > timezone.localdate():
        raise ValidationError({"period_start": _("This period has not begun yet.")})
    number = _decimal(value, "value")
    measurement = Measurement.objects.filter(objective=objective, period_start=start).first() or Measurement(
        objective=objective, period_start=start, period_end=end
    )
    if evidence is not None:
        _attach(measurement, evidence)
    measurement.value = number
    measurement.comment = (comment or "").strip()
    measurement.recorded_by = actor
    measurement.computed = False
    _save(measurement, actor=actor, reason="measure")
    _status_refresh(objective)
    _save(objective, actor=actor, reason="measure", update_fields=["status", "latest_value"])
    return measurement


@transaction.atomic
def objective_compute(*, actor, objective, today: datetime.date | None = None) -> int:
    """Compute the measurements of a built-in indicator for every period of the year that
    has begun (the current one up to today). Returns how many were written. Officers, or
    the system (the periodic task passes the system user)."""

    if actor.pk != system_user().pk and not perms.user_is_objective_officer(actor):
        raise PermissionDenied
    objective = (
        Objective.objects.select_for_update(of=("self",)).select_related("department").get(pk=objective.pk)
    )
    indicator = indicators.get(objective.indicator_key)
    if indicator is None:
        raise TransitionRefused(_("This objective is measured by hand."))
    today = today or timezone.localdate()
    existing = {m.period_start: m for m in objective.measurements.all()}
    written = 0
    for start, end in objective.periods():
        if start > today:
            break
        value = indicator.compute(start, min(end, today), objective.department)
        if value is None:
            continue
        measurement = existing.get(start) or Measurement(
            objective=objective, period_start=start, period_end=end
        )
        if measurement.pk and measurement.value == value:
            continue
        measurement.value = value
        measurement.computed = True
        measurement.recorded_by = actor
        _save(measurement, actor=actor, reason="compute")
        written += 1
    _status_refresh(objective)
    _save(objective, actor=actor, reason="compute", update_fields=["status", "latest_value"])
    return written


def objectives_compute_all(*, today: datetime.date | None = None) -> int:
    """The periodic task's work: every built-in objective of this year (and of last year
    during January, to close its December). One transaction per objective."""

    today = today or timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    actor = system_user()
    written = 0
    for pk in Objective.objects.exclude(indicator_key="").filter(year__in=years).values_list("pk", flat=True):
        written += objective_compute(actor=actor, objective=Objective(pk=pk), today=today)
    return written


@transaction.atomic
def objective_open_nonconformity(*, actor, objective, department=None, description=""):
    """Open a nonconformity (source: process monitoring) from a missed target, in one
    step: its owner, the department head or an officer. An organisation-wide objective
    names the department that answers it. Only once per objective."""

    objective = (
        Objective.objects.select_for_update(of=("self",)).select_related("department").get(pk=objective.pk)
    )
    if not perms.may_measure(actor, objective):
        raise PermissionDenied
    if objective.status != ObjectiveStatus.MISSED:
        raise TransitionRefused(_("Only a missed target opens a nonconformity."))
    if objective.nonconformity_id:
        raise TransitionRefused(_("A nonconformity is already open for this objective."))
    department = objective.department or department
    if department is None:
        raise ValidationError({"department": _("Choose the department that answers the nonconformity.")})
    figures = _("Target %(target)s %(unit)s, latest value %(value)s %(unit)s.") % {
        "target": objective.target,
        "value": objective.latest_value,
        "unit": objective.unit,
    }
    nonconformity = nonconformity_report(
        actor=actor,
        title=(_("Quality objective missed: %(name)s") % {"name": objective.indicator_name})[:200],
        source=Nonconformity.Source.PROCESS_MONITORING,
        department=department,
        description=f"{objective.statement}\n\n{figures}\n\n{(description or '').strip()}".strip(),
        severity=Nonconformity.Severity.MINOR,
        iso_clause="6.2",
    )
    objective.nonconformity = nonconformity
    _save(objective, actor=actor, reason="open nonconformity", update_fields=["nonconformity"])
    return nonconformity
