"""Web UI: parse the request, call one service or selector, render. Rules live below."""

import csv
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from nonconformities import forms, selectors, services
from nonconformities import permissions as perms
from nonconformities.filters import FeedbackFilterSet, NonconformityFilterSet
from nonconformities.models import CorrectiveAction, Nonconformity
from nonconformities.workflow import (
    ACTION_EDITABLE_STATUSES,
    ANALYSIS_EDITABLE_STATUSES,
    FeedbackStatus,
    NonconformityAction,
    NonconformityStatus,
)
from organisation.models import Department
from qms import charts
from qms.filters import filter_for_page
from qms.views import service_call, stored_file_response

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
# Change reasons the services write into the history, as people read them.
HISTORY_REASONS = {
    **{action.value: action.label for action in NonconformityAction},
    "report": gettext_lazy("Reported"),
    "assign": gettext_lazy("Owner assigned"),
    "refine root cause": gettext_lazy("Root cause refined"),
}


def _attempt(request, form, call):
    """Run a service call for a bound, valid form: its result, or None when it was refused
    (nothing was saved; why is on the form or in the messages). The user sees the record
    here, so a step they may not take is told, not answered with a 404."""
    with service_call(request, form=form, forbidden_message=True):
        return call()
    return None


# --- register, report, export -------------------------------------------------------


def _list_filterset(request):
    """The register's filters, validated (400 on a bad value, before any query runs)."""
    return filter_for_page(
        NonconformityFilterSet, request, selectors.nonconformity_list_visible_to(request.user)
    )


@login_required
@require_GET
def nonconformity_list(request):
    filterset = _list_filterset(request)
    cleaned = filterset.form.cleaned_data
    filters = {
        "status": cleaned.get("status") or "",
        "department": cleaned.get("department"),
        "source": cleaned.get("source") or "",
        "severity": cleaned.get("severity") or "",
        "query": (cleaned.get("q") or "").strip(),
        **{key: cleaned.get(key) for key in ("detected_from", "detected_to", "closed_from", "closed_to")},
    }
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "nonconformities/list.html",
        {
            "page": page,
            "filters": filters,
            "departments": Department.objects.order_by("code"),
            "statuses": NonconformityStatus.choices,
            "sources": Nonconformity.Source.choices,
            "severities": Nonconformity.Severity.choices,
            "querystring": request.GET.urlencode(),
        },
    )


CSV_COLUMNS = [
    ("number", pgettext_lazy("nonconformity", "Number")),
    ("title", gettext_lazy("Title")),
    ("status", gettext_lazy("Status")),
    ("source", gettext_lazy("Source")),
    ("severity", gettext_lazy("Severity")),
    ("department", gettext_lazy("Department")),
    ("iso_clause", gettext_lazy("ISO clause")),
    ("process", gettext_lazy("Process")),
    ("date_detected", gettext_lazy("Date detected")),
    ("reporter", gettext_lazy("Reported by")),
    ("owner", gettext_lazy("Owner")),
    ("root_cause", gettext_lazy("Root cause")),
    ("actions_total", pgettext_lazy("corrective actions", "Actions")),
    ("actions_open", gettext_lazy("Actions open")),
    ("closed_at", gettext_lazy("Closed at")),
]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


@login_required
@require_GET
def nonconformity_export_csv(request):
    """The register as CSV, streamed: one query for the rows, whatever their number."""
    # Validated before the response starts: a bad value is a 400, never a broken stream.
    rows = selectors.nonconformity_register_rows(request.user, nonconformities=_list_filterset(request).qs)
    writer = csv.writer(_Echo())
    header = [str(label) for _key, label in CSV_COLUMNS]

    def lines():
        yield "\ufeff" + writer.writerow(header)  # the BOM: spreadsheet programs read UTF-8
        for row in rows:
            yield writer.writerow([_csv_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="nonconformities-{timezone.localdate():%Y%m%d}.csv"'
    )
    return response


def _csv_safe(value):
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@login_required
@require_http_methods(["GET", "POST"])
def nonconformity_report(request):
    form = forms.NonconformityForm(
        request.POST or None, user=request.user, initial={"date_detected": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nc = _attempt(
            request,
            form,
            lambda: services.nonconformity_report(
                actor=request.user,
                title=data["title"],
                source=data["source"],
                department=data["department"],
                description=data["description"],
                severity=data["severity"],
                date_detected=data["date_detected"],
                iso_clause=data["iso_clause"],
                process=data["process"],
                documents=data["documents"],
                owner=data.get("owner"),
            ),
        )
        if nc is not None:
            messages.success(request, _("Nonconformity %(number)s recorded.") % {"number": nc.number})
            return redirect("nonconformities:detail", pk=nc.pk)
    return render(request, "nonconformities/report.html", {"form": form}, status=400 if form.errors else 200)


# --- one record ---------------------------------------------------------------------


def _detail_context(request, nc, **bound):
    user = request.user
    available = perms.actions_available(user, nc)
    handler = perms.is_handler(user, nc)
    actions = list(nc.actions.select_related("owner", "document").order_by("due_date", "pk"))
    for action in actions:
        action.may_complete = (
            action.status == CorrectiveAction.State.OPEN
            and nc.status == NonconformityStatus.IMPLEMENTING
            and perms.may_complete_action(user, action)
        )
        action.may_cancel = (
            handler and action.status == CorrectiveAction.State.OPEN and nc.status in ACTION_EDITABLE_STATUSES
        )
    verify_blocked = (
        nc.status == NonconformityStatus.VERIFICATION
        and perms.may_verify_in_principle(user, nc)
        and perms.is_action_owner(user, nc)
    )
    context = {
        "nc": nc,
        "available": available,
        "handler": handler,
        "actions": actions,
        "verifications": nc.verifications.select_related("verifier"),
        "documents": nc.documents.all(),
        "history": [
            (row, HISTORY_REASONS.get(row.history_change_reason or "", row.history_change_reason or ""))
            for row in nc.history.select_related("history_user").order_by("-history_date")[:30]
        ],
        "verify_blocked": verify_blocked,
        "may_assign": not nc.is_closed
        and (perms.user_is_nc_officer(user) or user.pk == nc.department.head_id),
        "contain_form": bound.get("contain_form")
        or (forms.ContainForm() if NonconformityAction.CONTAIN in available else None),
        "analysis_form": bound.get("analysis_form")
        or (
            forms.AnalysisForm(initial=forms.AnalysisForm.initial_from(nc))
            if NonconformityAction.ANALYSE in available
            or (handler and nc.status in ANALYSIS_EDITABLE_STATUSES)
            else None
        ),
        "action_form": bound.get("action_form")
        or (forms.ActionForm(user=user) if handler and nc.status in ACTION_EDITABLE_STATUSES else None),
        "complete_form": bound.get("complete_form") or forms.CompleteActionForm(),
        "complete_action_id": bound.get("complete_action_id"),
        "verify_form": bound.get("verify_form")
        or (forms.VerifyForm() if NonconformityAction.VERIFY_EFFECTIVE in available else None),
        "reopen_form": bound.get("reopen_form")
        or (forms.ReasonForm() if NonconformityAction.REOPEN in available else None),
        "assign_form": bound.get("assign_form") or forms.AssignForm(initial={"owner": nc.owner_id}),
        "simple_actions": [
            (a, NonconformityAction(a).label)
            for a in available
            if a
            in (
                NonconformityAction.PLAN,
                NonconformityAction.IMPLEMENT,
                NonconformityAction.REQUEST_VERIFICATION,
            )
        ],
        "rendering_available": _rendering_available(),
    }
    return context


def _rendering_available() -> bool:
    from nonconformities import pdf

    return pdf.available()


@login_required
@require_GET
def nonconformity_detail(request, pk):
    nc = selectors.nonconformity_get_for_user(request.user, pk)
    return render(request, "nonconformities/detail.html", _detail_context(request, nc))


def _back(nc):
    return redirect("nonconformities:detail", pk=nc.pk)


def _rerender(request, nc, **bound):
    return render(request, "nonconformities/detail.html", _detail_context(request, nc, **bound), status=400)


def _contain(user, nc, form):
    return services.nonconformity_contain(actor=user, nonconformity=nc, **form.cleaned_data)


def _analyse(user, nc, form):
    return services.nonconformity_analyse(
        actor=user,
        nonconformity=nc,
        five_whys=form.five_whys(),
        cause_categories=form.cleaned_data["cause_categories"],
        root_cause=form.cleaned_data["root_cause"],
    )


def _verify(user, nc, form):
    return services.nonconformity_verify(
        actor=user,
        nonconformity=nc,
        effective=form.cleaned_data["result"] == "effective",
        notes=form.cleaned_data["notes"],
        evidence=form.cleaned_data["evidence"],
    )


def _reopen(user, nc, form):
    return services.nonconformity_reopen(actor=user, nonconformity=nc, reason=form.cleaned_data["reason"])


# Steps that take a form: the form, its name in the detail page's context (shown again
# with its errors), and the service call with the form's data.
FORM_STEPS = {
    NonconformityAction.CONTAIN: (forms.ContainForm, "contain_form", _contain),
    NonconformityAction.ANALYSE: (forms.AnalysisForm, "analysis_form", _analyse),
    "verify": (forms.VerifyForm, "verify_form", _verify),
    NonconformityAction.REOPEN: (forms.ReasonForm, "reopen_form", _reopen),
}
# Steps that are a button: the service call alone.
BUTTON_STEPS = {
    NonconformityAction.PLAN: services.nonconformity_plan,
    NonconformityAction.IMPLEMENT: services.nonconformity_implement,
    NonconformityAction.REQUEST_VERIFICATION: services.nonconformity_request_verification,
}


@login_required
@require_POST
def nonconformity_transition(request, pk, action):
    nc = selectors.nonconformity_get_for_user(request.user, pk)
    if action in FORM_STEPS:
        form_class, name, step = FORM_STEPS[action]
        form = form_class(request.POST, request.FILES)
        if form.is_valid() and _attempt(request, form, lambda: step(request.user, nc, form)):
            return _back(nc)
        return _rerender(request, nc, **{name: form}) if form.errors else _back(nc)
    if action not in BUTTON_STEPS:
        raise Http404("No such action.")
    form = forms.forms.Form(request.POST)
    _attempt(request, form, lambda: BUTTON_STEPS[action](actor=request.user, nonconformity=nc))
    for error in form.non_field_errors():
        messages.error(request, error)
    return _back(nc)


@login_required
@require_POST
def nonconformity_assign(request, pk):
    nc = selectors.nonconformity_get_for_user(request.user, pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        form,
        lambda: services.nonconformity_assign(
            actor=request.user, nonconformity=nc, owner=form.cleaned_data["owner"]
        ),
    ):
        return _back(nc)
    return _rerender(request, nc, assign_form=form) if form.errors else _back(nc)


@login_required
@require_POST
def corrective_action_add(request, pk):
    nc = selectors.nonconformity_get_for_user(request.user, pk)
    form = forms.ActionForm(request.POST, user=request.user)
    if form.is_valid() and _attempt(
        request,
        form,
        lambda: services.corrective_action_add(actor=request.user, nonconformity=nc, **form.cleaned_data),
    ):
        return _back(nc)
    return _rerender(request, nc, action_form=form) if form.errors else _back(nc)


@login_required
@require_POST
def corrective_action_complete(request, pk):
    action = selectors.corrective_action_get_for_user(request.user, pk)
    form = forms.CompleteActionForm(request.POST, request.FILES)
    if form.is_valid() and _attempt(
        request,
        form,
        lambda: services.corrective_action_complete(
            actor=request.user,
            action=action,
            note=form.cleaned_data["note"],
            evidence=form.cleaned_data["evidence"],
        ),
    ):
        return _back(action.nonconformity)
    if form.errors:
        return _rerender(request, action.nonconformity, complete_form=form, complete_action_id=action.pk)
    return _back(action.nonconformity)


@login_required
@require_POST
def corrective_action_cancel(request, pk):
    action = selectors.corrective_action_get_for_user(request.user, pk)
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            form,
            lambda: services.corrective_action_cancel(
                actor=request.user, action=action, reason=form.cleaned_data["reason"]
            ),
        )
    for error in [*form.non_field_errors(), *form.errors.get("reason", [])]:
        messages.error(request, error)
    return _back(action.nonconformity)


@login_required
@require_GET
def corrective_action_evidence(request, pk):
    return stored_file_response(selectors.corrective_action_get_for_user(request.user, pk))


@login_required
@require_GET
def verification_evidence(request, pk):
    return stored_file_response(selectors.verification_get_for_user(request.user, pk))


@login_required
@require_GET
def nonconformity_pdf(request, pk):
    from nonconformities import pdf

    nc = selectors.nonconformity_get_for_user(request.user, pk)
    if not pdf.available():
        raise Http404("PDF rendering is not available.")
    content = pdf.nonconformity_pdf(nc, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nc.number}.pdf"'
    return response


@login_required
@require_GET
def dashboard(request):
    figures = selectors.dashboard_for(request.user)
    return render(
        request, "nonconformities/dashboard.html", {"d": figures, "charts": _dashboard_charts(figures)}
    )


def _list_url(**params) -> str:
    """The register filtered as a chart's bar counts it."""
    return (
        f"{reverse('nonconformities:list')}?{urlencode({k: v for k, v in params.items() if v is not None})}"
    )


def _dashboard_charts(d: dict) -> dict:
    """The dashboard's charts; every bar links to the register filtered to what it counts."""
    none_open = _("No open nonconformities.")

    def bars(rows, param):
        return [
            charts.Bar(r["label"], r["count"], _list_url(**{"status": "open", param: r["key"]})) for r in rows
        ]

    trend = d["trend"]
    return {
        "trend": charts.trend_chart(
            _("Opened and closed per month"),
            [r["month"] for r in trend],
            [
                charts.Series(
                    pgettext("nonconformities per month", "Opened"),
                    [r["opened"] for r in trend],
                    [_list_url(detected_from=r["start"], detected_to=r["end"]) for r in trend],
                ),
                charts.Series(
                    pgettext("nonconformities per month", "Closed"),
                    [r["closed"] for r in trend],
                    [_list_url(closed_from=r["start"], closed_to=r["end"]) for r in trend],
                    tone="good",
                ),
            ],
            empty_text=_("No nonconformities in the last 12 months."),
        ),
        "by_department": charts.bar_chart(
            _("Open by department"), bars(d["by_department"], "department"), empty_text=none_open
        ),
        "by_source": charts.bar_chart(
            _("Open by source"), bars(d["by_source"], "source"), empty_text=none_open
        ),
        "by_severity": charts.bar_chart(
            _("Open by severity"), bars(d["by_severity"], "severity"), empty_text=none_open
        ),
        "by_age": charts.bar_chart(
            _("Open by age (days)"),
            [
                charts.Bar(
                    r["label"],
                    r["count"],
                    _list_url(status="open", detected_from=r["detected_from"], detected_to=r["detected_to"]),
                    tone="bad" if r["detected_from"] is None else None,
                )
                for r in d["by_age"]
            ],
            empty_text=none_open,
        ),
        "by_status": charts.bar_chart(
            _("Open by stage"), bars(d["by_status"], "status"), empty_text=none_open
        ),
    }


# --- feedback: officers -------------------------------------------------------------


def _require_triage(request):
    if not perms.user_may_triage(request.user):
        raise Http404("No such page.")


@login_required
@require_GET
def feedback_list(request):
    _require_triage(request)
    filterset = filter_for_page(FeedbackFilterSet, request, selectors.feedback_list_for(request.user))
    status = filterset.form.cleaned_data.get("status") or ""
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "nonconformities/feedback_list.html",
        {"page": page, "status": status, "statuses": FeedbackStatus.choices},
    )


def _feedback_context(request, feedback, **bound):
    waiting = feedback.status != FeedbackStatus.ANSWERED
    return {
        "feedback": feedback,
        "answer_form": bound.get("answer_form") or (forms.FeedbackAnswerForm() if waiting else None),
        "open_form": bound.get("open_form")
        or (
            forms.FeedbackOpenForm(initial={"title": feedback.subject, "description": feedback.message})
            if feedback.status == FeedbackStatus.RECEIVED
            else None
        ),
        "history": feedback.history.select_related("history_user").order_by("-history_date")[:20],
    }


@login_required
@require_GET
def feedback_detail(request, pk):
    feedback = selectors.feedback_get_for_user(request.user, pk)
    return render(request, "nonconformities/feedback_detail.html", _feedback_context(request, feedback))


@login_required
@require_POST
def feedback_answer(request, pk):
    feedback = selectors.feedback_get_for_user(request.user, pk)
    form = forms.FeedbackAnswerForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        form,
        lambda: services.feedback_answer(
            actor=request.user, feedback=feedback, answer=form.cleaned_data["answer"]
        ),
    ):
        messages.success(request, _("Answer saved; the sender sees it on the status page."))
        return redirect("nonconformities:feedback_detail", pk=feedback.pk)
    if form.errors:
        context = _feedback_context(request, feedback, answer_form=form)
        return render(request, "nonconformities/feedback_detail.html", context, status=400)
    return redirect("nonconformities:feedback_detail", pk=feedback.pk)


@login_required
@require_POST
def feedback_open_nonconformity(request, pk):
    feedback = selectors.feedback_get_for_user(request.user, pk)
    form = forms.FeedbackOpenForm(request.POST)
    if form.is_valid():
        nc = _attempt(
            request,
            form,
            lambda: services.feedback_open_nonconformity(
                actor=request.user, feedback=feedback, **form.cleaned_data
            ),
        )
        if nc is not None:
            messages.success(request, _("Nonconformity %(number)s opened.") % {"number": nc.number})
            return redirect("nonconformities:detail", pk=nc.pk)
    if form.errors:
        context = _feedback_context(request, feedback, open_form=form)
        return render(request, "nonconformities/feedback_detail.html", context, status=400)
    return redirect("nonconformities:feedback_detail", pk=feedback.pk)


@login_required
@require_GET
def feedback_attachment(request, pk):
    return stored_file_response(selectors.feedback_get_for_user(request.user, pk))


# --- feedback: the public ------------------------------------------------------------

SESSION_REFERENCE = "nonconformities.feedback_reference"


def _rate_limited(request, group, rate_setting, default_rate, method="POST"):
    rate = getattr(settings, rate_setting, default_rate)
    return is_ratelimited(request, group=group, key="ip", rate=rate, method=method, increment=True)


@require_http_methods(["GET", "POST"])
def feedback_public_form(request):
    if request.method == "GET":
        return render(request, "nonconformities/public_form.html", {"form": forms.FeedbackForm()})
    if _rate_limited(request, "feedback-submit", "QMS_FEEDBACK_RATE", "5/h"):
        return render(
            request,
            "nonconformities/public_form.html",
            {"form": forms.FeedbackForm(), "limited": True},
            status=429,
        )
    form = forms.FeedbackForm(request.POST, request.FILES)
    if form.is_valid():
        if form.is_spam():
            form.add_error(None, _("The form is too old. Please check it and send it again."))
        else:
            if form.filled_fast():
                # Autofill and paste are fast too: noted for the officers' logs, never refused.
                logger.info("Feedback form sent back within seconds of being shown (kept).")
            data = form.cleaned_data
            feedback = _attempt(
                request,
                form,
                lambda: services.feedback_submit(
                    name=data["name"],
                    contact=data["contact"],
                    subject=data["subject"],
                    message=data["message"],
                    attachment=data["attachment"],
                ),
            )
            if feedback is not None:
                request.session[SESSION_REFERENCE] = feedback.reference
                return redirect("public_feedback_sent")
    # Shown again: a fresh signed token, and never the honeypot's content.
    form.data = form.data.copy()
    form.data["token"] = forms.spam_token_new()
    form.data["website"] = ""
    return render(request, "nonconformities/public_form.html", {"form": form}, status=400)


@require_GET
def feedback_public_sent(request):
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("public_feedback")
    return render(request, "nonconformities/public_sent.html", {"reference": reference})


@require_http_methods(["GET", "POST"])
def feedback_public_status(request):
    """Look a reference up: posted from the form, or in the query string (?reference=...)
    of the link on the receipt page, so the sender sees the status in one click."""
    data = request.POST if request.method == "POST" else request.GET
    form = forms.FeedbackStatusForm(data if "reference" in data else None)
    result = None
    status = 200
    if form.is_bound:
        if _rate_limited(
            request, "feedback-status", "QMS_FEEDBACK_STATUS_RATE", "30/h", method=request.method
        ):
            return render(
                request, "nonconformities/public_status.html", {"form": form, "limited": True}, status=429
            )
        if form.is_valid():
            reference = services.feedback_reference_normalise(form.cleaned_data["reference"])
            result = selectors.feedback_public_status(reference)
            if result is None:
                form.add_error("reference", _("No feedback has this reference. Check it and try again."))
        if form.errors:
            status = 400
    return render(
        request, "nonconformities/public_status.html", {"form": form, "result": result}, status=status
    )
