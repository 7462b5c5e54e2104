"""Web UI for approvals: signing, routes, withdrawal, change requests, distribution and
read-acknowledgement. Each view parses, calls one service or selector, and renders."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from approvals import selectors, services
from approvals.diff import version_diff
from approvals.filters import ChangeRequestFilterSet
from approvals.forms import (
    ChangeRequestDecisionForm,
    ChangeRequestForm,
    DistributionDefaultForm,
    DistributionForm,
    RouteForm,
    RouteTemplateForm,
    SignForm,
    StageFormSet,
    WithdrawForm,
)
from approvals.models import ChangeRequest, Decision, RouteTemplate
from approvals.panels import may_withdraw
from documents.selectors import document_effective_version, document_get_for_user, version_get_for_user
from documents.workflow import DocumentStatus
from qms.filters import filter_for_page
from qms.ui import panels_for
from qms.views import service_call

# Change reasons the services write into a change request's history, as people read them.
CHANGE_REQUEST_REASONS = {
    "request": pgettext_lazy("history", "Requested"),
    "accept": pgettext_lazy("history", "Accepted"),
    "decline": pgettext_lazy("history", "Declined"),
}


def _compare_base(version):
    """The current effective version of the document, unless it is this one."""
    effective = (
        version.document.versions.filter(status=DocumentStatus.EFFECTIVE).exclude(pk=version.pk).first()
    )
    if effective is None and version.status in (
        DocumentStatus.EFFECTIVE,
        DocumentStatus.SUPERSEDED,
        DocumentStatus.OBSOLETE,
    ):
        effective = (
            version.document.versions.filter(
                revision__lt=version.revision, status__in=[DocumentStatus.SUPERSEDED]
            )
            .order_by("-revision")
            .first()
        )
    return effective


@login_required
def my_tasks(request):
    """Both lists, or one of them: ?show=sign or ?show=read (the home tiles link there)."""
    show = request.GET.get("show", "")
    if show not in ("", "sign", "read"):
        return HttpResponseBadRequest(_("show is sign or read."))
    return render(
        request,
        "approvals/my_tasks.html",
        {
            "show": show,
            "tasks": selectors.signing_tasks_for(request.user) if show != "read" else [],
            "to_read": selectors.acknowledgements_outstanding_for(request.user) if show != "sign" else [],
        },
    )


@login_required
def sign(request, pk):
    version = version_get_for_user(request.user, pk)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            signature = services.version_sign(
                actor=request.user,
                version=version,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                password=form.cleaned_data["password"],
            )
        if call.refused:
            return redirect("documents:version_detail", pk=version.pk)
        if call.ok:
            version.refresh_from_db()
            if signature.decision == Decision.APPROVE:
                messages.success(
                    request,
                    _("You signed revision %(rev)s of %(number)s (%(meaning)s). It is now %(status)s.")
                    % {
                        "rev": version.revision_label,
                        "number": version.document.number,
                        "meaning": signature.get_meaning_display().lower(),
                        "status": version.get_status_display().lower(),
                    },
                )
            else:
                messages.success(
                    request,
                    _("Your decision is signed; the draft went back to its author with your comment."),
                )
            return redirect("documents:version_detail", pk=version.pk)
    route = selectors.route_of(version)
    progress = selectors.route_progress(route) if route else []
    current = selectors.active_stage(progress) if version.status == DocumentStatus.IN_REVIEW else None
    base = _compare_base(version)
    return render(
        request,
        "approvals/sign.html",
        {
            "version": version,
            "document": version.document,
            "form": form,
            "may_sign": selectors.user_may_sign(request.user, version),
            "barred": bool(current and request.user.pk in current.barred),
            "stages": selectors.route_stage_views(route, progress),
            "current": current,
            "route": route,
            "diff": version_diff(base, version),
            "base": base,
            "distribution": selectors.distribution_summary(version.document),
            "panels": panels_for("sign", request, version),
        },
    )


@login_required
def diff(request, pk):
    version = version_get_for_user(request.user, pk)
    base = _compare_base(version)
    return render(
        request,
        "approvals/diff.html",
        {"version": version, "document": version.document, "base": base, "diff": version_diff(base, version)},
    )


def _stage_initial(route):
    return [
        {
            "name": stage.name,
            "meaning": stage.meaning,
            "mode": stage.mode,
            "users": list(stage.users.all()),
            "group": stage.group,
            "ORDER": stage.position,
        }
        for stage in route.stages.prefetch_related("users").order_by("position")
    ]


def _stages_from(formset):
    return [
        services.StageInput(
            name=form.cleaned_data["name"],
            meaning=form.cleaned_data["meaning"],
            mode=form.cleaned_data["mode"],
            users=list(form.cleaned_data["users"]),
            group=form.cleaned_data["group"],
        )
        for form in formset.ordered_forms
        if form.has_changed() or form.initial
    ]


@login_required
def route_template_list(request):
    if not request.user.has_perm(services.MANAGE_ROUTES):
        raise Http404("No such page.")
    templates = (
        RouteTemplate.objects.select_related("doc_type", "department")
        .prefetch_related("stages")
        .order_by("-is_active", "name")
    )
    return render(request, "approvals/route_template_list.html", {"templates": templates})


@login_required
def route_template_edit(request, pk=None):
    if not request.user.has_perm(services.MANAGE_ROUTES):
        raise Http404("No such page.")
    template = get_object_or_404(RouteTemplate, pk=pk) if pk else None
    initial = {"is_active": True, "one_stage_per_signer": True}
    if template is not None:
        initial = {
            "name": template.name,
            "doc_type": template.doc_type,
            "department": template.department,
            "is_active": template.is_active,
            "one_stage_per_signer": template.one_stage_per_signer,
        }
    form = RouteTemplateForm(request.POST or None, initial=initial)
    formset = StageFormSet(
        request.POST or None, initial=_stage_initial(template) if template else [], prefix="stages"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with service_call(request, form=form) as call:
            services.route_template_save(
                actor=request.user, template=template, stages=_stages_from(formset), **form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("The route template is saved. New drafts will use it."))
            return redirect("approvals:route_template_list")
    return render(
        request,
        "approvals/route_template_form.html",
        {"template": template, "form": form, "formset": formset},
    )


@login_required
def route_edit(request, pk):
    if not request.user.has_perm(services.MANAGE_ROUTES):
        raise Http404("No such page.")
    version = version_get_for_user(request.user, pk)
    if version.status != DocumentStatus.DRAFT:
        messages.error(request, _("The route can only change while the version is a draft."))
        return redirect("documents:version_detail", pk=version.pk)
    route = services.route_for_version(version, actor=request.user)
    route_form = RouteForm(
        request.POST or None, initial={"planned_effective_date": route.planned_effective_date}
    )
    formset = StageFormSet(request.POST or None, initial=_stage_initial(route), prefix="stages")
    if request.method == "POST" and route_form.is_valid() and formset.is_valid():
        stages = _stages_from(formset)
        with service_call(request, form=route_form) as call:
            services.route_set(
                actor=request.user,
                version=version,
                stages=stages,
                planned_effective_date=route_form.cleaned_data["planned_effective_date"],
            )
        if call.ok:
            messages.success(request, _("The approval route is saved."))
            return redirect("documents:version_detail", pk=version.pk)
    return render(
        request,
        "approvals/route_edit.html",
        {
            "version": version,
            "document": version.document,
            "route": route,
            "route_form": route_form,
            "formset": formset,
        },
    )


@login_required
def withdraw(request, pk):
    version = version_get_for_user(request.user, pk)
    if not may_withdraw(request.user, version):
        raise Http404("No such page.")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.version_withdraw_signed(
                actor=request.user,
                version=version,
                reason=form.cleaned_data["reason"],
                password=form.cleaned_data["password"],
            )
        if call.refused:
            return redirect("documents:version_detail", pk=version.pk)
        if call.ok:
            messages.success(request, _("The version is withdrawn; your signature is recorded."))
            return redirect("documents:version_detail", pk=version.pk)
    return render(
        request, "approvals/withdraw.html", {"version": version, "document": version.document, "form": form}
    )


# --- change requests ---


@login_required
def change_request_new(request, pk):
    document = document_get_for_user(request.user, pk)
    form = ChangeRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            change_request = services.change_request_create(
                actor=request.user, document=document, **form.cleaned_data
            )
        if call.ok:
            messages.success(
                request, _("Your change request is sent to the document owner and the QMS officers.")
            )
            return redirect("approvals:change_request_detail", pk=change_request.pk)
    return render(request, "approvals/change_request_form.html", {"document": document, "form": form})


@login_required
def change_request_list(request):
    filterset = filter_for_page(
        ChangeRequestFilterSet, request, selectors.change_request_list_visible_to(request.user)
    )
    status = filterset.form.cleaned_data.get("status") or ""
    requests = filterset.qs[:200]
    return render(
        request,
        "approvals/change_request_list.html",
        {"requests": requests, "status": status, "statuses": ChangeRequest.Status.choices},
    )


@login_required
def change_request_detail(request, pk):
    change_request = selectors.change_request_get_for_user(request.user, pk)
    may_decide = (
        request.user.has_perm(services.DECIDE_CHANGE_REQUESTS)
        and change_request.status == ChangeRequest.Status.OPEN
    )
    form = ChangeRequestDecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST" and form is not None and form.is_valid():
        with service_call(request, form=form) as call:
            if form.cleaned_data["decision"] == form.ACCEPT:
                services.change_request_accept(
                    actor=request.user, change_request=change_request, reason=form.cleaned_data["reason"]
                )
            else:
                services.change_request_decline(
                    actor=request.user, change_request=change_request, reason=form.cleaned_data["reason"]
                )
        if call.on_form:
            return render(
                request, "approvals/change_request_detail.html", {"request_obj": change_request, "form": form}
            )
        if call.ok:
            messages.success(request, _("The decision is recorded and the requester is told."))
        return redirect("approvals:change_request_detail", pk=change_request.pk)
    history = list(change_request.history.select_related("history_user").order_by("history_date"))
    for entry in history:
        reason = entry.history_change_reason or ""
        entry.reason_label = CHANGE_REQUEST_REASONS.get(reason, reason)
    return render(
        request,
        "approvals/change_request_detail.html",
        {"request_obj": change_request, "form": form, "history": history},
    )


@login_required
def change_request_attachment(request, pk):
    change_request = selectors.change_request_get_for_user(request.user, pk)
    if not change_request.attachment:
        raise Http404("No attachment.")
    return FileResponse(
        change_request.attachment.open("rb"),
        as_attachment=True,
        filename=change_request.attachment_name or "file",
    )


# --- distribution and acknowledgement ---


@login_required
def distribution_edit(request, pk):
    document = selectors.document_for_distribution_manager(request.user, pk)
    no_readers = selectors.distribution_no_readers_of(document)
    initial = {
        "departments": list(document.distribution.all()),
        "groups": [row.group for row in selectors.distribution_groups_of(document)],
        "no_readers": no_readers is not None,
        "reason": no_readers.reason if no_readers else "",
    }
    # An empty POST (nothing ticked) is a choice to check, not an unbound form.
    form = DistributionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.distribution_set(
                actor=request.user,
                document=document,
                departments=list(form.cleaned_data["departments"]),
                groups=list(form.cleaned_data["groups"]),
                no_readers=form.cleaned_data["no_readers"],
                reason=form.cleaned_data["reason"],
            )
        if call.ok:
            if form.cleaned_data["no_readers"]:
                messages.success(request, _("Recorded: nobody has to read this document."))
            else:
                messages.success(
                    request, _("The distribution is saved; new readers of the effective version are told.")
                )
            return redirect("documents:detail", pk=document.pk)
    return render(request, "approvals/distribution_form.html", {"document": document, "form": form})


def _distribution_manager_only(user) -> None:
    if not user.has_perm(services.MANAGE_DISTRIBUTION):
        raise Http404("No such page.")


@login_required
def distribution_default_list(request):
    _distribution_manager_only(request.user)
    return render(
        request,
        "approvals/distribution_default_list.html",
        {"defaults": selectors.distribution_default_list()},
    )


@login_required
def distribution_default_edit(request, pk=None):
    _distribution_manager_only(request.user)
    default = selectors.distribution_default_get_for_manager(request.user, pk) if pk else None
    initial = {}
    if default is not None:
        initial = {
            "doc_type": default.doc_type,
            "department": default.department,
            "departments": list(default.departments.all()),
            "groups": list(default.groups.all()),
        }
    form = DistributionDefaultForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and request.POST.get("delete") and default is not None:
        with service_call(request) as call:
            services.distribution_default_delete(actor=request.user, default=default)
        if call.ok:
            messages.success(request, _("The default readers are deleted."))
        return redirect("approvals:distribution_default_list")
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.distribution_default_save(
                actor=request.user,
                default=default,
                doc_type=form.cleaned_data["doc_type"],
                department=form.cleaned_data["department"],
                departments=list(form.cleaned_data["departments"]),
                groups=list(form.cleaned_data["groups"]),
            )
        if call.ok:
            messages.success(
                request, _("The default readers are saved. Documents registered from now on get them.")
            )
            return redirect("approvals:distribution_default_list")
    return render(request, "approvals/distribution_default_form.html", {"default": default, "form": form})


@login_required
def acknowledgement_report(request, pk):
    document = selectors.document_for_distribution_manager(request.user, pk)
    version = document_effective_version(document)
    completion = selectors.acknowledgement_completion(version) if version else []
    readers = selectors.acknowledgements_of(version) if version else []
    total = sum(row.total for row in completion)
    done = sum(row.acknowledged for row in completion)
    return render(
        request,
        "approvals/acknowledgement_report.html",
        {
            "document": document,
            "version": version,
            "completion": completion,
            "readers": readers,
            "total": total,
            "done": done,
            "percent": round(100 * done / total) if total else 0,
        },
    )


def _csv_cell(value) -> str:
    # Keep spreadsheet programs from running a cell as a formula.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def acknowledgement_outstanding_csv(request, pk):
    document = selectors.document_for_distribution_manager(request.user, pk)
    version = document_effective_version(document)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{document.number}-outstanding.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with Vietnamese text correctly with a BOM
    writer = csv.writer(response)
    writer.writerow([_("Document"), _("Revision"), _("Department"), _("Username"), _("Name"), _("Assigned")])
    if version is not None:
        for ack in selectors.acknowledgements_of(version, outstanding_only=True):
            writer.writerow(
                [
                    _csv_cell(document.number),
                    version.revision_label,
                    _csv_cell(ack.department.code if ack.department else ""),
                    _csv_cell(ack.user.get_username()),
                    _csv_cell(ack.user.get_full_name()),
                    timezone.localtime(ack.created_at).strftime("%d/%m/%Y"),
                ]
            )
    return response


@require_POST
@login_required
def acknowledge(request, pk):
    ack = selectors.acknowledgement_list_for(request.user).filter(pk=pk).select_related("version").first()
    if ack is None:
        raise Http404("No such task.")
    with service_call(request, show=not request.htmx) as call:
        services.acknowledgement_confirm(actor=request.user, acknowledgement=ack)
    done = _("Recorded: you have read and understood %(number)s rev. %(rev)s.") % {
        "number": ack.version.document.number,
        "rev": ack.version.revision_label,
    }
    if request.htmx:  # the answer takes the form's place, no page reload
        return render(
            request,
            "approvals/_acknowledged.html",
            {"ok": call.ok, "message": done if call.ok else call.message},
        )
    if call.ok:
        messages.success(request, done)
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("documents:version_detail", pk=ack.version_id)
