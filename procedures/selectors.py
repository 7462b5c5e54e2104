"""Reads. Public pages, officer pages, the API and the PDFs all fetch procedures here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from documents.models import Document, DocumentVersion
from documents.search import search_key
from documents.workflow import DocumentStatus
from procedures.models import AdministrativeProcedure, ProcedureField
from procedures.permissions import user_may_manage
from procedures.workflow import ProcedureStatus

# --- Public: only the published snapshot ------------------------------------------------


def public_search_q(query: str) -> Q:
    """Every word of the query, accents and case ignored ("cap ban sao" finds "Cấp bản sao")."""
    q = Q()
    for word in search_key(query).split()[:12]:
        q &= Q(public_search_text__contains=word)
    return q


def public_procedure_list(*, query: str = "", field=None, level: str = ""):
    """Published procedures (suspended and abolished ones have a page but are not listed)."""
    procedures = AdministrativeProcedure.objects.filter(status=ProcedureStatus.PUBLISHED)
    if query:
        procedures = procedures.filter(public_search_q(query))
    if field is not None:
        procedures = procedures.filter(published_content__field_code=field.code)
    if level:
        procedures = procedures.filter(published_content__level=level)
    return procedures.only("pk", "code", "published_content", "published_revision", "status").order_by("code")


def public_field_list():
    return (
        ProcedureField.objects.filter(procedures__status=ProcedureStatus.PUBLISHED)
        .distinct()
        .order_by("name")
    )


def public_procedure_get(code: str) -> AdministrativeProcedure:
    try:
        return AdministrativeProcedure.objects.only(
            "pk", "code", "status", "published_content", "published_revision", "published_at"
        ).get(code=code, published_content__isnull=False, status__in=list(_public_statuses()))
    except (AdministrativeProcedure.DoesNotExist, ValueError):
        raise Http404("No such procedure.") from None


def _public_statuses():
    return {ProcedureStatus.PUBLISHED, ProcedureStatus.SUSPENDED, ProcedureStatus.ABOLISHED}


def public_form_version(procedure: AdministrativeProcedure, document_id) -> DocumentVersion:
    """The effective revision of a form the procedure's *published* content lists; 404 for a
    form it does not list, a confidential document, or one with no effective revision (a
    draft, in-review or superseded revision is never served to the public)."""
    if procedure.status != ProcedureStatus.PUBLISHED:
        raise Http404("The procedure is not applied now.")
    listed = {form["document_id"] for form in public_forms(procedure.published_content)}
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        raise Http404("No such form.") from None
    if document_id not in listed:
        raise Http404("No such form.")
    try:
        return DocumentVersion.objects.select_related("document__doc_type").get(
            document_id=document_id,
            status=DocumentStatus.EFFECTIVE,
            document__confidentiality=Document.Confidentiality.INTERNAL,
        )
    except DocumentVersion.DoesNotExist:
        raise Http404("No effective revision.") from None


def public_forms(content: dict | None) -> list[dict]:
    return [c["form"] for c in (content or {}).get("components", []) if c.get("form")]


# --- Officers --------------------------------------------------------------------------


def _check_officer(user) -> None:
    if not user_may_manage(user):
        raise PermissionDenied


def procedure_list_for(user, *, query: str = ""):
    """Every procedure for an officer (the working copies); PermissionDenied for anyone else."""
    _check_officer(user)
    procedures = AdministrativeProcedure.objects.select_related("field", "department")
    if query:
        for word in search_key(query).split()[:12]:
            procedures = procedures.filter(search_text__contains=word)
    return procedures.order_by("code")


def procedure_get_for(user, pk) -> AdministrativeProcedure:
    """The procedure for an officer; 404 alike for missing and forbidden."""
    if not user_may_manage(user):
        raise Http404("No such procedure.")
    try:
        return AdministrativeProcedure.objects.select_related(
            "field", "department", "internal_procedure", "published_by"
        ).get(pk=pk)
    except (AdministrativeProcedure.DoesNotExist, ValueError, TypeError):
        raise Http404("No such procedure.") from None


def procedures_to_review(user):
    return procedure_list_for(user).filter(needs_review=True)


def procedures_linked_to(document_id):
    """Procedures that use the document as internal procedure, form or legal basis."""
    return AdministrativeProcedure.objects.filter(
        Q(internal_procedure_id=document_id)
        | Q(components__form_id=document_id)
        | Q(legal_basis__id=document_id)
    ).distinct()


def document_choices(*, external: bool):
    """Documents an officer may link: external ones as legal basis, internal ones as QT/BM.
    Officers see every document (documents.permissions), confidential ones included; the
    services refuse a confidential form at publication."""
    return (
        Document.objects.filter(doc_type__is_external=external).select_related("doc_type").order_by("number")
    )


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def public_view(content: dict) -> dict:
    """The published content with its choices as words in the active language."""
    from procedures.diagram import StepsDiagram
    from procedures.models import CopyKind, Level, OnlineLevel, TimeUnit

    view = dict(content)
    view["level_label"] = _label(Level, content["level"])
    view["unit_label"] = _label(TimeUnit, content["processing_time_unit"])
    view["online_label"] = _label(OnlineLevel, content["online_level"])
    view["components"] = [
        {**c, "copy_kind_label": _label(CopyKind, c["copy_kind"])} for c in content.get("components", [])
    ]
    view["steps"] = [{**s, "unit_label": _label(TimeUnit, s["time_unit"])} for s in content.get("steps", [])]
    view["steps_diagram"] = StepsDiagram(view["steps"])
    view["free"] = not content.get("fees") or content.get("total_fee") in ("0", "")
    view["total_fee"] = vnd(content.get("total_fee"))
    view["fees"] = [{**f, "amount": vnd(f["amount"])} for f in content.get("fees", [])]
    return view


def vnd(amount) -> str:
    """Đồng as written in Vietnam, in both languages: 5.000.000."""
    try:
        return f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(amount or "")
