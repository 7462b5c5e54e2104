"""Web pages of the risk register: parse the request, call one service or selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.selectors import document_list_visible_to
from nonconformities.permissions import visible_nonconformity_q
from objectives.permissions import visible_objective_q
from qms import charts
from qms.filters import filter_for_page
from qms.views import service_call, stored_file_response
from risks import forms, selectors, services
from risks import permissions as perms
from risks.filters import RiskFilterSet
from risks.models import RatingBand
from risks.workflow import LIFECYCLE, RiskAction, RiskStatus

PAGE_SIZE = 50
LINKS = ("documents", "nonconformities", "objectives")  # the form's links, set by the service
# The trend chart's colours (qms.charts tones), band by band from the lowest: close to the
# default bands' own colours.
BAND_TONES = ["good", "warn", "bad", "accent"]
HISTORY_REASONS = {action.value: action.label for action in RiskAction}


def _attempt(request, form, call):
    """The service's result, or None when refused (reason on the form or in the messages;
    nothing saved). The user sees the risk here, so a refused step is told, not a 404."""
    with service_call(request, form=form, forbidden_message=True):
        return call()
    return None


def _filterset(request):
    return filter_for_page(RiskFilterSet, request, selectors.risk_list_visible_to(request.user))


@login_required
@require_GET
def risk_list(request):
    filterset = _filterset(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    bands = selectors.rating_bands()
    rows = [(risk, selectors.band_for(risk.current_rating, bands)) for risk in page]
    return render(
        request,
        "risks/list.html",
        {
            "page": page,
            "rows": rows,
            "filter": filterset,
            "may_register": perms.user_is_risk_officer(request.user)
            or request.user.headed_departments.exists(),
            "querystring": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def risk_heatmap(request):
    """Likelihood x impact counts (inherent or residual), for the filters in the query
    string (department...), each cell linking to the register; and the rating trend."""
    filterset = _filterset(request)
    residual = request.GET.get("view") == "residual"
    params = {k: v for k, v in request.GET.items() if k in ("department", "kind", "status") and v}
    params.setdefault("status", "open")
    risks = (
        filterset.qs
        if "status" in request.GET
        else filterset.qs.filter(status__in=["open", "treated", "monitored"])
    )
    heat = selectors.heat_map(
        risks, residual=residual, list_url=reverse("risks:list"), extra_params=urlencode(params)
    )
    months = charts.last_months(12)
    trend = selectors.rating_trend(risks, months)
    bands = selectors.rating_bands()
    chart = charts.trend_chart(
        _("Open risks by rating band, month by month"),
        months=months,
        series=[
            charts.Series(
                str(band.name),
                values=trend.get(str(band.name), [0] * len(months)),
                tone=BAND_TONES[min(index, len(BAND_TONES) - 1)],
            )
            for index, band in enumerate(bands)
        ],
        empty_text=_("No open risk in the last twelve months."),
    )
    return render(
        request,
        "risks/heatmap.html",
        {
            "heat": heat,
            "filter": filterset,
            "residual": residual,
            "bands": bands,
            "trend": chart,
            "querystring": urlencode(params),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request):
    if not (perms.user_is_risk_officer(request.user) or request.user.headed_departments.exists()):
        raise Http404
    form = forms.RiskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        links = {name: data.pop(name) for name in LINKS}
        risk = _attempt(request, form, lambda: services.risk_register(actor=request.user, **links, **data))
        if risk is not None:
            messages.success(request, _("Risk %(number)s is recorded.") % {"number": risk.number})
            return redirect("risks:detail", risk.pk)
    return render(request, "risks/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request, pk):
    risk = selectors.risk_get_for_user(request.user, pk)
    if not perms.may_handle(request.user, risk):
        raise Http404
    form = forms.RiskForm(request.POST or None, instance=risk, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        links = {name: data.pop(name) for name in LINKS}
        done = _attempt(
            request, form, lambda: services.risk_update(actor=request.user, risk=risk, **links, **data)
        )
        if done is not None:
            messages.success(request, _("The risk is saved."))
            return redirect("risks:detail", risk.pk)
    return render(request, "risks/form.html", {"form": form, "risk": risk})


def _detail_context(request, risk, **bound):
    bands = selectors.rating_bands()
    may_handle = perms.may_handle(request.user, risk)
    actions = list(risk.actions.select_related("owner"))
    return {
        "risk": risk,
        "band": selectors.band_for(risk.rating, bands),
        "residual_band": selectors.band_for(risk.residual_rating, bands),
        "actions": [(a, perms.may_complete_action(request.user, a) and a.status == "open") for a in actions],
        "transitions": [(a, RiskAction(a).label) for a in LIFECYCLE.actions_available(risk, request.user)],
        "may_handle": may_handle and risk.status != RiskStatus.CLOSED,
        # Links shown only to what the viewer may see (a hidden document is not named).
        "documents": document_list_visible_to(request.user).filter(pk__in=risk.documents.values("pk")),
        "nonconformities": risk.nonconformities.filter(visible_nonconformity_q(request.user)),
        "objectives": risk.objectives.filter(visible_objective_q(request.user)),
        "rating_history": selectors.risk_rating_history(risk),
        "action_form": bound.get("action_form") or forms.ActionForm(),
        "complete_form": forms.ActionCompleteForm(),
    }


@login_required
@require_GET
def risk_detail(request, pk):
    risk = selectors.risk_get_for_user(request.user, pk)
    return render(request, "risks/detail.html", _detail_context(request, risk))


@login_required
@require_POST
def risk_transition(request, pk, action):
    risk = selectors.risk_get_for_user(request.user, pk)
    if action not in RiskAction.values:
        raise Http404
    with service_call(request, forbidden_message=True) as call:
        services.risk_transition(actor=request.user, risk=risk, action=action)
    if call.ok:
        messages.success(request, _("Done: %(action)s.") % {"action": RiskAction(action).label})
    return redirect("risks:detail", risk.pk)


@login_required
@require_POST
def action_add(request, pk):
    risk = selectors.risk_get_for_user(request.user, pk)
    form = forms.ActionForm(request.POST)
    if form.is_valid():
        done = _attempt(
            request,
            form,
            lambda: services.treatment_action_add(actor=request.user, risk=risk, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("The treatment action is added."))
            return redirect("risks:detail", risk.pk)
        if not form.errors:
            return redirect("risks:detail", risk.pk)
    return render(request, "risks/detail.html", _detail_context(request, risk, action_form=form), status=400)


@login_required
@require_POST
def action_complete(request, pk):
    action = selectors.action_get_for_user(request.user, pk)
    form = forms.ActionCompleteForm(request.POST, request.FILES)
    if form.is_valid():
        done = _attempt(
            request,
            form,
            lambda: services.treatment_action_complete(
                actor=request.user, action=action, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("The action is recorded as done."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("risks:detail", args=[action.risk_id]) + f"#action-{action.pk}")


@login_required
@require_POST
def action_cancel(request, pk):
    action = selectors.action_get_for_user(request.user, pk)
    with service_call(request, forbidden_message=True) as call:
        services.treatment_action_cancel(actor=request.user, action=action)
    if call.ok:
        messages.success(request, _("The action is cancelled."))
    return redirect("risks:detail", action.risk_id)


@login_required
@require_GET
def action_evidence(request, pk):
    action = selectors.action_get_for_user(request.user, pk)
    return stored_file_response(action)


@login_required
@require_http_methods(["GET", "POST"])
def rating_bands(request):
    """The scale and the rating bands (officers)."""
    if not perms.user_is_risk_officer(request.user):
        raise Http404
    from risks.models import RiskScale

    scale = RiskScale.current()
    band_form = forms.RatingBandForm(request.POST if request.POST.get("form") == "band" else None)
    scale_form = forms.RiskScaleForm(
        request.POST if request.POST.get("form") == "scale" else None,
        initial={"likelihood_levels": scale.likelihood_levels, "impact_levels": scale.impact_levels},
    )
    if request.method == "POST":
        form, call, done = (
            (
                band_form,
                lambda: services.rating_band_save(actor=request.user, **band_form.cleaned_data),
                _("The band is saved."),
            )
            if band_form.is_bound
            else (
                scale_form,
                lambda: services.risk_scale_set(actor=request.user, **scale_form.cleaned_data),
                _("The scale is saved."),
            )
        )
        if form.is_bound and form.is_valid() and _attempt(request, form, call):
            messages.success(request, done)
            return redirect("risks:bands")
    return render(
        request,
        "risks/bands.html",
        {
            "bands": RatingBand.objects.order_by("min_score"),
            "defaults": selectors.DEFAULT_BANDS,
            "band_form": band_form,
            "scale_form": scale_form,
            "scale": scale,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def rating_band_delete(request, pk):
    if not perms.user_is_risk_officer(request.user):
        raise Http404
    try:
        band = RatingBand.objects.get(pk=pk)
    except RatingBand.DoesNotExist:
        raise Http404 from None
    with service_call(request):
        services.rating_band_delete(actor=request.user, band=band)
    return redirect("risks:bands")
