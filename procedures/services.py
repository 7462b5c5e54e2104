"""Writes to the catalogue: edit the working copy, publish (freeze the public content),
suspend, abolish, and flag for review when a linked document changes (change impact).

Each service: lock the procedure row, check the lifecycle table and the actor's right,
save with the actor recorded in the history, notify on commit.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import Document
from documents.search import search_key
from documents.workflow import DocumentStatus
from procedures.models import AdministrativeProcedure, DossierComponent, ProcedureFee, ProcedureStep
from procedures.permissions import user_may_manage
from procedures.workflow import (
    EDITABLE_STATUSES,
    LIFECYCLE,
    MANAGE_PERMISSION,
    ProcedureAction,
    ProcedureStatus,
)
from qms.errors import FrozenRecord
from qms.history import save_recorded

PROCEDURE_FIELDS = (
    "code",
    "name",
    "field",
    "level",
    "implementing_body",
    "department",
    "applicants",
    "filing_in_person",
    "filing_by_post",
    "online_level",
    "dossier_sets",
    "processing_time",
    "processing_time_unit",
    "result",
    "requirements",
    "legal_basis_text",
    "internal_procedure",
    "internal_notes",
)
COMPONENT_FIELDS = ("order", "name", "copy_kind", "copies", "form", "note")
FEE_FIELDS = ("order", "name", "amount", "legal_basis", "exemptions")
STEP_FIELDS = ("order", "name", "department", "responsible_role", "time_limit", "time_unit")


def _check_officer(actor) -> None:
    if not user_may_manage(actor):
        raise PermissionDenied


def _locked(procedure_id) -> AdministrativeProcedure:
    return AdministrativeProcedure.objects.select_for_update().get(pk=procedure_id)


def _check_links(*, internal_procedure=None, legal_basis=(), forms=()) -> None:
    errors = {}
    if internal_procedure is not None and internal_procedure.doc_type.is_external:
        errors["internal_procedure"] = _("The internal procedure must be an internal document.")
    if any(not document.doc_type.is_external for document in legal_basis):
        errors["legal_basis"] = _("The legal basis must come from the external-documents register.")
    if any(form is not None and form.doc_type.is_external for form in forms):
        errors["components"] = _("A form must be an internal document (BM).")
    if errors:
        raise ValidationError(errors)


# --- The working copy ---------------------------------------------------------------------


@transaction.atomic
def procedure_write(
    *,
    actor,
    procedure: AdministrativeProcedure | None = None,
    fields: dict,
    legal_basis=None,
    components: list[dict] | None = None,
    fees: list[dict] | None = None,
    steps: list[dict] | None = None,
    reason: str = "",
) -> AdministrativeProcedure:
    """Create a procedure (draft) or change the working copy of one. Lists given replace the
    procedure's components, fees or steps; None keeps them. The public content does not
    change until the procedure is published again. Raises ValidationError with field errors."""
    _check_officer(actor)
    if procedure is None:
        procedure = AdministrativeProcedure()
        reason = reason or "created"
    else:
        procedure = _locked(procedure.pk)
        if procedure.status not in EDITABLE_STATUSES:
            raise FrozenRecord(_("An abolished procedure is history: it cannot be changed."))
    unknown = set(fields) - set(PROCEDURE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(procedure, name, value)
    _check_links(
        internal_procedure=procedure.internal_procedure,
        legal_basis=legal_basis or (),
        forms=[c.get("form") for c in components or ()],
    )
    procedure.full_clean(exclude=["legal_basis"])
    save_recorded(procedure, actor=actor, reason=reason or "edited")
    if legal_basis is not None:
        procedure.legal_basis.set(legal_basis)
    for model, rows, names in (
        (DossierComponent, components, COMPONENT_FIELDS),
        (ProcedureFee, fees, FEE_FIELDS),
        (ProcedureStep, steps, STEP_FIELDS),
    ):
        if rows is not None:
            _replace_children(procedure, model, rows, names, actor=actor)
    return procedure


def _replace_children(procedure, model, rows, names, *, actor) -> None:
    model.objects.filter(procedure=procedure).delete()
    for position, row in enumerate(rows, start=1):
        child = model(procedure=procedure, **{k: v for k, v in row.items() if k in names})
        if not row.get("order"):
            child.order = position
        child.full_clean(exclude=["procedure"])
        save_recorded(child, actor=actor, reason="edited")


@transaction.atomic
def procedure_save_forms(*, actor, form, formsets) -> AdministrativeProcedure:
    """The officer's edit page: the procedure form and its inline formsets (components,
    fees, steps), all valid, saved in one transaction with the actor in the history."""
    _check_officer(actor)
    procedure = form.instance
    if procedure.pk:
        current = _locked(procedure.pk)
        if current.status not in EDITABLE_STATUSES:
            raise FrozenRecord(_("An abolished procedure is history: it cannot be changed."))
    _check_links(
        internal_procedure=form.cleaned_data.get("internal_procedure"),
        legal_basis=form.cleaned_data.get("legal_basis") or (),
        forms=[
            f.cleaned_data.get("form")
            for f in formsets[0].forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ],
    )
    procedure._history_user = actor
    procedure._change_reason = "edited" if procedure.pk else "created"
    procedure = form.save()
    for formset in formsets:
        formset.instance = procedure
        for child in formset.save(commit=False):
            save_recorded(child, actor=actor, reason="edited")
        for child in formset.deleted_objects:
            child._history_user = actor
            child.delete()
    return procedure


# --- Publication ---------------------------------------------------------------------------


def _decimal_text(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def procedure_snapshot(procedure: AdministrativeProcedure) -> dict:
    """The public content: plain values, nothing internal (no notes, no staff names, no
    confidential document). Raises ValidationError when it cannot be published as is."""
    components = list(procedure.components.select_related("form"))
    problems = []
    for component in components:
        form = component.form
        if form is None:
            continue
        if form.is_confidential:
            problems.append(_("The form %(number)s is confidential.") % {"number": form.number})
        elif not form.versions.filter(status=DocumentStatus.EFFECTIVE).exists():
            problems.append(_("The form %(number)s has no effective revision.") % {"number": form.number})
    steps = list(procedure.steps.select_related("department"))
    if not steps:
        problems.append(_("Add at least one step of the process."))
    if problems:
        raise ValidationError(problems)
    fees = list(procedure.fees.all())
    legal = [
        {"number": d.number, "title": d.title, "reference": d.source_reference}
        for d in procedure.legal_basis.filter(confidentiality=Document.Confidentiality.INTERNAL).order_by(
            "number"
        )
    ]
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field_code": procedure.field.code,
        "field": procedure.field.name,
        "level": procedure.level,
        "implementing_body": procedure.implementing_body,
        "department": procedure.department.name,
        "applicants": procedure.applicants,
        "filing_in_person": procedure.filing_in_person,
        "filing_by_post": procedure.filing_by_post,
        "online_level": procedure.online_level,
        "dossier_sets": procedure.dossier_sets,
        "processing_time": _decimal_text(procedure.processing_time),
        "processing_time_unit": procedure.processing_time_unit,
        "result": procedure.result,
        "requirements": procedure.requirements,
        "legal_basis": legal,
        "legal_basis_text": procedure.legal_basis_text,
        "components": [
            {
                "name": c.name,
                "copy_kind": c.copy_kind,
                "copies": c.copies,
                "note": c.note,
                "form": {"document_id": c.form_id, "number": c.form.number, "title": c.form.title}
                if c.form_id
                else None,
            }
            for c in components
        ],
        "fees": [
            {
                "name": f.name,
                "amount": _decimal_text(f.amount),
                "legal_basis": f.legal_basis,
                "exemptions": f.exemptions,
            }
            for f in fees
        ],
        "total_fee": _decimal_text(sum((f.amount for f in fees), Decimal(0))),
        "steps": [
            {
                "order": position,
                "name": s.name,
                "department": s.department.name if s.department_id else "",
                "role": s.responsible_role,
                "time_limit": _decimal_text(s.time_limit),
                "time_unit": s.time_unit,
            }
            for position, s in enumerate(steps, start=1)
        ],
    }


@transaction.atomic
def procedure_transition(
    *, actor, procedure: AdministrativeProcedure, action: str
) -> AdministrativeProcedure:
    """Publish (freeze the public content), publish the changes, suspend, resume, abolish."""
    procedure = _locked(procedure.pk)
    transition = LIFECYCLE.transition_for(procedure, action, actor)
    fields = ["status"]
    # Resuming keeps the content published before the suspension; publishing takes a new one.
    if action in (ProcedureAction.PUBLISH, ProcedureAction.REPUBLISH):
        content = procedure_snapshot(procedure)
        procedure.published_content = content
        procedure.published_revision += 1
        procedure.published_at = timezone.now()
        procedure.published_by = actor
        procedure.public_search_text = search_key(f"{content['code']} {content['name']} {content['field']}")
        procedure.needs_review = False
        procedure.review_reason = ""
        fields += [
            "published_content",
            "published_revision",
            "published_at",
            "published_by",
            "public_search_text",
            "needs_review",
            "review_reason",
        ]
    procedure.status = transition.target
    save_recorded(procedure, actor=actor, reason=action, update_fields=fields)
    return procedure


def procedure_has_unpublished_changes(procedure: AdministrativeProcedure) -> bool:
    if procedure.published_content is None:
        return False
    try:
        return procedure_snapshot(procedure) != procedure.published_content
    except ValidationError:
        return True


# --- Change impact (documents lifecycle hooks) -----------------------------------------------

REVIEW_SUBJECT = gettext_lazy("Procedure %(code)s to review: %(number)s changed")
REVIEW_MESSAGE = gettext_lazy(
    "%(number)s %(title)s, linked to the administrative procedure %(code)s %(name)s as %(link)s, "
    "is now %(status)s. Check the procedure and publish it again; until then the public page "
    "shows the content published on %(published)s."
)
LINK_LABELS = {
    "internal_procedure": gettext_lazy("internal procedure"),
    "form": gettext_lazy("form"),
    "legal_basis": gettext_lazy("legal basis"),
}


def _officers():
    User = get_user_model()  # noqa: N806
    app_label, codename = MANAGE_PERMISSION.split(".")
    perm = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label) | Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label
    )
    return User.objects.filter(Q(is_active=True) & (perm | Q(is_superuser=True))).distinct()


def _link_of(procedure, document_id) -> str:
    if procedure.internal_procedure_id == document_id:
        return "internal_procedure"
    if procedure.components.filter(form_id=document_id).exists():
        return "form"
    return "legal_basis"


def procedures_flag_for_review(*, document, status_label: str) -> list[AdministrativeProcedure]:
    """Flag the published procedures linked to ``document`` "to review" and tell the
    officers. Runs inside the documents service's transaction (e-mails leave on commit)."""
    from notifications.services import notify_many
    from procedures.selectors import procedures_linked_to

    flagged = []
    candidates = procedures_linked_to(document.pk).filter(
        status__in=[ProcedureStatus.PUBLISHED, ProcedureStatus.SUSPENDED]
    )
    officers = None
    # Lock by primary key: the linked-procedures read is DISTINCT, which PostgreSQL
    # refuses to combine with FOR UPDATE.
    locked = AdministrativeProcedure.objects.select_for_update().filter(pk__in=candidates.values("pk"))
    for procedure in locked.order_by("pk"):
        link = _link_of(procedure, document.pk)
        line = _("%(number)s (%(link)s) is now %(status)s.") % {
            "number": document.number,
            "link": LINK_LABELS[link],
            "status": status_label,
        }
        procedure.needs_review = True
        procedure.review_reason = "\n".join(filter(None, [procedure.review_reason, line]))
        save_recorded(
            procedure, actor=None, reason="to review", update_fields=["needs_review", "review_reason"]
        )
        flagged.append(procedure)
        officers = list(_officers()) if officers is None else officers
        notify_many(
            recipients=officers,
            kind="procedure_to_review",
            subject=REVIEW_SUBJECT,
            message=REVIEW_MESSAGE,
            url=reverse("procedures:detail", args=[procedure.pk]),
            context={
                "code": procedure.code,
                "name": procedure.name,
                "number": document.number,
                "title": document.title,
                "link": LINK_LABELS[link],
                "status": status_label,
                "published": timezone.localtime(procedure.published_at).strftime("%d/%m/%Y")
                if procedure.published_at
                else "",
            },
        )
    return flagged


def on_effective(*, version, actor=None, superseded=(), **kwargs) -> None:
    """A new revision of a linked QT, BM or legal basis became effective."""
    procedures_flag_for_review(
        document=version.document, status_label=str(DocumentStatus.EFFECTIVE.label).lower()
    )


def on_withdrawn(*, version, actor=None, **kwargs) -> None:
    """A linked document was withdrawn (obsolete): the procedure must not keep pointing at it."""
    procedures_flag_for_review(
        document=version.document, status_label=str(DocumentStatus.OBSOLETE.label).lower()
    )
