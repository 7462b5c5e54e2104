"""Web pages of quality objectives: parse the request, call one service or selector, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from objectives import charts, forms, selectors, services
from objectives import permissions as perms
from objectives.filters import ObjectiveFilterSet
from objectives.workflow import ObjectiveStatus
from qms import indicators
from qms.filters import YEAR_MAX, YEAR_MIN, filter_for_page
from qms.views import service_call, stored_file_response

PAGE_SIZE = 50


def _attempt(request, form, call):
    """The service's result, or None when it was refused (the reason is on the form or in
    the messages; nothing was saved). The user sees the objective here, so a step they may
    not take is told, not answered with a 404."""
    with service_call(request, form=form, forbidden_message=True):
        return call()
    return None


@login_required
@require_GET
def objective_list(request):
    filterset = filter_for_page(
        ObjectiveFilterSet, request, selectors.objective_list_visible_to(request.user)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "objectives/list.html",
        {
            "page": page,
            "filter": filterset,
            "may_create": perms.user_is_objective_officer(request.user),
            "year": timezone.localdate().year,
        },
    )


@login_required
@require_GET
def objective_board(request, year):
    """One page per year: every objective the user sees, its status, latest value and target."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    objectives = list(selectors.objective_list_visible_to(request.user).filter(year=year))
    counts = dict.fromkeys(ObjectiveStatus.values, 0)
    for objective in objectives:
        counts[objective.status] += 1
    list_url = reverse("objectives:list")
    return render(
        request,
        "objectives/board.html",
        {
            "year": year,
            "objectives": objectives,
            "chart": charts.status_chart(counts, year=year, list_url=list_url),
            "previous": year - 1,
            "next": year + 1,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request):
    if not perms.user_is_objective_officer(request.user):
        raise Http404
    form = forms.ObjectiveForm(request.POST or None)
    # The first plan item is optional here: the browser must not insist on its fields.
    plan_form = forms.PlanItemForm(request.POST or None, prefix="plan", use_required_attribute=False)
    if request.method == "POST" and form.is_valid():
        plan = []
        if request.POST.get("plan-what"):
            if not plan_form.is_valid():
                return render(request, "objectives/form.html", {"form": form, "plan_form": plan_form})
            plan = [plan_form.cleaned_data]
        objective = _attempt(
            request,
            form,
            lambda: services.objective_create(actor=request.user, plan=plan, **form.cleaned_data),
        )
        if objective is not None:
            messages.success(request, _("The objective is set."))
            return redirect("objectives:detail", objective.pk)
    return render(request, "objectives/form.html", {"form": form, "plan_form": plan_form})


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request, pk):
    objective = selectors.objective_get_for_user(request.user, pk)
    if not perms.may_edit(request.user, objective):
        raise Http404
    form = forms.ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            request,
            form,
            lambda: services.objective_update(actor=request.user, objective=objective, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("The objective is saved."))
            return redirect("objectives:detail", objective.pk)
    return render(request, "objectives/form.html", {"form": form, "objective": objective})


def _detail_context(request, objective, **bound):
    measurements = selectors.measurement_series(objective)
    indicator = indicators.get(objective.indicator_key) if objective.indicator_key else None
    may_measure = perms.may_measure(request.user, objective)
    return {
        "objective": objective,
        "indicator": indicator,
        "measurements": measurements,
        "plan_items": objective.plan_items.all(),
        "chart": charts.objective_chart(objective, measurements),
        "may_measure": may_measure and not objective.is_computed,
        "may_plan": may_measure or perms.user_is_objective_officer(request.user),
        "may_edit": perms.may_edit(request.user, objective),
        "may_compute": objective.is_computed and perms.user_is_objective_officer(request.user),
        "may_open_nc": may_measure
        and objective.status == ObjectiveStatus.MISSED
        and objective.nonconformity_id is None,
        "measure_form": bound.get("measure_form") or forms.MeasurementForm(objective=objective),
        "plan_form": bound.get("plan_form") or forms.PlanItemForm(prefix="plan"),
        "nc_form": bound.get("nc_form") or forms.OpenNonconformityForm(),
    }


@login_required
@require_GET
def objective_detail(request, pk):
    objective = selectors.objective_get_for_user(request.user, pk)
    return render(request, "objectives/detail.html", _detail_context(request, objective))


@login_required
@require_POST
def measurement_record(request, pk):
    objective = selectors.objective_get_for_user(request.user, pk)
    form = forms.MeasurementForm(request.POST, request.FILES, objective=objective)
    if form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            request,
            form,
            lambda: services.measurement_record(
                actor=request.user,
                objective=objective,
                period_start=data["period_start"],
                value=data["value"],
                comment=data["comment"],
                evidence=data["evidence"],
            ),
        )
        if done is not None:
            messages.success(request, _("The measurement is recorded."))
            return redirect("objectives:detail", objective.pk)
    return render(
        request, "objectives/detail.html", _detail_context(request, objective, measure_form=form), status=400
    )


@login_required
@require_POST
def plan_item_add(request, pk):
    objective = selectors.objective_get_for_user(request.user, pk)
    form = forms.PlanItemForm(request.POST, prefix="plan")
    if form.is_valid():
        done = _attempt(
            request,
            form,
            lambda: services.plan_item_add(actor=request.user, objective=objective, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("The plan item is added."))
            return redirect("objectives:detail", objective.pk)
    return render(
        request, "objectives/detail.html", _detail_context(request, objective, plan_form=form), status=400
    )


@login_required
@require_POST
def objective_compute(request, pk):
    objective = selectors.objective_get_for_user(request.user, pk)
    with service_call(request, forbidden_message=True) as call:
        written = services.objective_compute(actor=request.user, objective=objective)
    if not call.error:
        messages.success(request, _("%(count)s measurements computed.") % {"count": written})
    return redirect("objectives:detail", objective.pk)


@login_required
@require_POST
def objective_open_nonconformity(request, pk):
    objective = selectors.objective_get_for_user(request.user, pk)
    form = forms.OpenNonconformityForm(request.POST)
    if form.is_valid():
        nc = _attempt(
            request,
            form,
            lambda: services.objective_open_nonconformity(
                actor=request.user, objective=objective, **form.cleaned_data
            ),
        )
        if nc is not None:
            messages.success(request, _("Nonconformity %(number)s is open.") % {"number": nc.number})
            return redirect("nonconformities:detail", nc.pk)
        if not form.errors:
            return redirect("objectives:detail", objective.pk)
    return render(
        request, "objectives/detail.html", _detail_context(request, objective, nc_form=form), status=400
    )


@login_required
@require_GET
def measurement_evidence(request, pk):
    measurement = selectors.measurement_get_for_user(request.user, pk)
    return stored_file_response(measurement)


def board_current(request):
    return redirect("objectives:board", datetime.date.today().year)
