"""Web UI: the public catalogue (no login) and the officers' pages. Parse, call one
service or selector, render; the rules live in selectors, services and the workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from procedures import forms, pdf, selectors, services, spreadsheet
from procedures.filters import ProcedureFilterSet, PublicProcedureFilterSet
from procedures.models import AdministrativeProcedure, Level
from procedures.permissions import user_may_manage
from procedures.workflow import LIFECYCLE, ProcedureAction, ProcedureStatus
from qms.filters import filter_for_page
from qms.views import service_call
from renditions import builders, rendering

PAGE_SIZE = 30
PUBLIC_CACHE = "public, max-age=300"


def _namespace(request) -> str:
    return request.resolver_match.namespace if request.resolver_match else "procedures_public"


def _public(response):
    response["Cache-Control"] = PUBLIC_CACHE
    return response


# --- Public ------------------------------------------------------------------------------------


@require_GET
def public_list(request):
    filterset = filter_for_page(
        PublicProcedureFilterSet, request, selectors.public_procedure_list(), prefix=None
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(p.code, selectors.public_view(p.published_content)) for p in page.object_list]
    return render(
        request,
        "procedures/public_list.html",
        {
            "filter": filterset,
            "page": page,
            "items": items,
            "ns": _namespace(request),
            "fields": selectors.public_field_list(),
            "levels": Level.choices,
            "searched": any(request.GET.get(k) for k in ("q", "field", "level")),
        },
    )


@require_GET
def public_detail(request, code):
    procedure = selectors.public_procedure_get(code)
    content = procedure.published_content
    url = pdf.public_url(code)
    return render(
        request,
        "procedures/public_detail.html",
        {
            "procedure": procedure,
            "p": selectors.public_view(content),
            "applied": procedure.status == ProcedureStatus.PUBLISHED,
            "revision": procedure.published_revision,
            "url": url,
            "qr": rendering.qr_data_uri(url),
            "ns": _namespace(request),
        },
    )


def _pdf_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def public_form(request, code, document_id):
    """A form of the procedure: its *effective* revision, stamped as an uncontrolled copy."""
    procedure = selectors.public_procedure_get(code)
    version = selectors.public_form_version(procedure, document_id)
    try:
        data = pdf.public_form_pdf(version)
    except builders.SourceChanged:
        raise Http404("The form is not available now.") from None
    number = version.document.number
    return _pdf_response(data, f"{number}-{version.revision_label}.pdf")


@require_GET
def public_posting_sheet(request, code):
    procedure = selectors.public_procedure_get(code)
    if procedure.status != ProcedureStatus.PUBLISHED:
        raise Http404("The procedure is not applied now.")
    return _pdf_response(pdf.posting_sheet_pdf(procedure), f"niem-yet-{code}.pdf", inline=True)


# --- Officers ----------------------------------------------------------------------------------


def _check_officer(request):
    if not user_may_manage(request.user):
        raise Http404("No such page.")


@login_required
@require_GET
def procedure_list(request):
    _check_officer(request)
    filterset = filter_for_page(ProcedureFilterSet, request, selectors.procedure_list_for(request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "procedures/list.html", {"filter": filterset, "page": page})


PRIMARY_ACTIONS = {ProcedureAction.PUBLISH, ProcedureAction.REPUBLISH, ProcedureAction.RESUME}


def _actions(procedure, user, changed: bool) -> list[tuple[str, str, bool]]:
    """(action, label, primary): publishing the changes is offered only when there are
    some (or the procedure is to review); one primary action per state."""
    actions = [
        action
        for action in LIFECYCLE.actions_available(procedure, user)
        if action != ProcedureAction.REPUBLISH or changed or procedure.needs_review
    ]
    return [(a, ProcedureAction(a).label, a in PRIMARY_ACTIONS) for a in actions]


@login_required
@require_GET
def procedure_detail(request, pk):
    procedure = selectors.procedure_get_for(request.user, pk)
    changed = services.procedure_has_unpublished_changes(procedure)
    return render(
        request,
        "procedures/detail.html",
        {
            "procedure": procedure,
            "components": procedure.components.select_related("form"),
            "fees": [{"name": f.name, "amount": selectors.vnd(f.amount)} for f in procedure.fees.all()],
            "steps": procedure.steps.select_related("department"),
            "legal_basis": procedure.legal_basis.all(),
            "actions": _actions(procedure, request.user, changed),
            "unpublished_changes": changed,
        },
    )


def _edit(request, procedure):
    data = request.POST if request.method == "POST" else None
    form = forms.ProcedureForm(data, instance=procedure)
    formsets = [
        forms.ComponentFormSet(data, instance=procedure, prefix="components"),
        forms.FeeFormSet(data, instance=procedure, prefix="fees"),
        forms.StepFormSet(data, instance=procedure, prefix="steps"),
    ]
    status = 200
    if request.method == "POST":
        if form.is_valid() and all(f.is_valid() for f in formsets):
            with service_call(request, form=form) as call:
                saved = services.procedure_save_forms(actor=request.user, form=form, formsets=formsets)
            if call.ok:
                messages.success(request, _("Saved. The public page changes when you publish."))
                return redirect("procedures:detail", pk=saved.pk)
        status = 400
    return render(
        request,
        "procedures/edit.html",
        {"form": form, "formsets": formsets, "procedure": procedure if procedure.pk else None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_create(request):
    _check_officer(request)
    return _edit(request, AdministrativeProcedure())


@login_required
@require_http_methods(["GET", "POST"])
def procedure_edit(request, pk):
    procedure = selectors.procedure_get_for(request.user, pk)
    if procedure.status == ProcedureStatus.ABOLISHED:
        messages.error(request, _("An abolished procedure is history: it cannot be changed."))
        return redirect("procedures:detail", pk=pk)
    return _edit(request, procedure)


@login_required
@require_POST
def procedure_transition(request, pk, action):
    procedure = selectors.procedure_get_for(request.user, pk)
    if action not in ProcedureAction.values:
        raise Http404("No such action.")
    with service_call(request) as call:
        services.procedure_transition(actor=request.user, procedure=procedure, action=action)
    if call.ok:
        messages.success(request, _("Done: %(action)s.") % {"action": ProcedureAction(action).label})
    return redirect("procedures:detail", pk=pk)


@login_required
@require_GET
def procedure_public_preview(request, pk):
    """What the public page would show if published now (the officer checks before publishing)."""
    procedure = selectors.procedure_get_for(request.user, pk)
    with service_call(request) as call:
        content = services.procedure_snapshot(procedure)
    if not call.ok:
        return redirect("procedures:detail", pk=pk)
    return render(
        request,
        "procedures/public_detail.html",
        {"procedure": procedure, "p": selectors.public_view(content), "applied": True, "preview": True},
    )


@login_required
@require_GET
def catalogue_export(request):
    _check_officer(request)
    filterset = filter_for_page(ProcedureFilterSet, request, selectors.procedure_list_for(request.user))
    response = HttpResponse(
        spreadsheet.catalogue_workbook(filterset.qs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="tthc-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request):
    _check_officer(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > spreadsheet.MAX_BYTES:
                form.add_error("file", _("The file is larger than 5 MB."))
            else:
                report = spreadsheet.catalogue_import(
                    actor=request.user, data=upload.read(), dry_run="apply" not in request.POST
                )
                if report.applied:
                    messages.success(
                        request,
                        _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                        % {
                            "created": report.count("create"),
                            "updated": report.count("update"),
                            "unchanged": report.count("unchanged"),
                        },
                    )
                    return redirect("procedures:list")
        if not form.is_valid() or (report is not None and not report.ok):
            status = 400
    return render(request, "procedures/import.html", {"form": form, "report": report}, status=status)
