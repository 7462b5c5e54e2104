"""Web pages: the on-time dashboard, the dossier register and record, the import page,
the working calendar, satisfaction results; the public survey (no login)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from dossiers import charts, forms, selectors, services
from dossiers.filters import DossierFilterSet
from dossiers.models import CalendarException, DossierImport, OfficialFormTemplate, Outcome
from dossiers.permissions import (
    user_manages_dossiers,
    user_sees_applicant,
    user_sees_some_dossiers,
    user_sees_survey_results,
)
from qms.filters import filter_for_page
from qms.paging import CappedCountPaginator
from qms.views import service_call

logger = logging.getLogger(__name__)


def _require(check, request):
    if not check(request.user):
        raise Http404("No such page.")


def _period(request):
    form = forms.PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, {}
    data = form.cleaned_data if form.is_bound else {}
    return form, {key: data.get(key) for key in ("start", "end", "procedure", "department") if data.get(key)}


@login_required
@require_GET
def dashboard(request):
    _require(user_sees_some_dossiers, request)
    form, period = _period(request)
    figures = selectors.on_time_dashboard(request.user, **period)
    month = timezone.localdate().replace(day=1)
    return render(
        request,
        "dossiers/dashboard.html",
        {
            "form": form,
            "d": figures,
            "charts": charts.on_time_charts(figures, reverse("dossiers:list")),
            "late_steps": selectors.recurring_late_steps(request.user, month=month),
            "threshold": selectors.late_step_threshold(),
            "manager": user_manages_dossiers(request.user),
            "late_step_form": forms.LateStepForm(),
        },
        status=400 if form.errors else 200,
    )


DOSSIERS_PER_PAGE = 50


@login_required
@require_GET
def dossier_list(request):
    _require(user_sees_some_dossiers, request)
    filterset = filter_for_page(DossierFilterSet, request, selectors.dossier_list_visible_to(request.user))
    # a year of a province is ~200,000 dossiers: no exact COUNT over them, pages read along
    # the (received_at DESC, id) index (qms.paging)
    page = CappedCountPaginator(filterset.qs.order_by("-received_at", "pk"), DOSSIERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "dossiers/list.html",
        {"filter": filterset, "page": page, "applicant": user_sees_applicant(request.user)},
    )


def survey_url(request, dossier) -> str:
    return request.build_absolute_uri(reverse("public_survey_receipt", args=[dossier.survey_token]))


def _detail_context(request, dossier, **bound):
    from renditions.rendering import qr_data_uri

    late = dossier.outcome == Outcome.LATE or dossier.is_overdue
    manager = user_manages_dossiers(request.user)
    url = survey_url(request, dossier)
    return {
        "dossier": dossier,
        **selectors.dossier_detail(dossier),
        "applicant": user_sees_applicant(request.user),
        "late": late,
        "manager": manager,
        "survey_url": url,
        "survey_qr": qr_data_uri(url),
        "answered": hasattr(dossier, "survey_response"),
        "nc_form": bound.get("nc_form") or forms.OpenNonconformityForm(),
        "apology_form": bound.get("apology_form") or forms.ApologyForm(),
    }


@login_required
@require_GET
def dossier_detail(request, pk):
    dossier = selectors.dossier_get_for_user(request.user, pk)
    return render(request, "dossiers/detail.html", _detail_context(request, dossier))


@login_required
@require_POST
def dossier_open_nonconformity(request, pk):
    dossier = selectors.dossier_get_for_user(request.user, pk)
    form = forms.OpenNonconformityForm(request.POST)
    if form.is_valid():
        with service_call(request, form=form) as call:
            nc = services.dossier_open_nonconformity(
                actor=request.user, dossier=dossier, severity=form.cleaned_data["severity"]
            )
        if call.ok:
            messages.success(request, _("Nonconformity %(number)s opened.") % {"number": nc.number})
            return redirect("nonconformities:detail", nc.pk)
        if call.refused:
            return redirect("dossiers:detail", dossier.pk)
    return render(
        request, "dossiers/detail.html", _detail_context(request, dossier, nc_form=form), status=400
    )


@login_required
@require_POST
def late_step_open_nonconformity(request):
    _require(user_manages_dossiers, request)
    form = forms.LateStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The step could not be found. Reload the page and try again."))
        return redirect("dossiers:dashboard")
    data = form.cleaned_data
    with service_call(request) as call:
        nc = services.late_step_open_nonconformity(
            actor=request.user,
            procedure=data["procedure"],
            step=data["step"],
            month=data["month"],
            severity=data["severity"],
        )
    if call.ok:
        messages.success(request, _("Nonconformity %(number)s opened.") % {"number": nc.number})
        return redirect("nonconformities:detail", nc.pk)
    return redirect("dossiers:dashboard")


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_GET
def control_slip_pdf(request, pk):
    from dossiers import pdf

    dossier = selectors.dossier_get_for_user(request.user, pk)
    return _pdf(
        pdf.control_slip_pdf(dossier, applicant=user_sees_applicant(request.user)), f"{dossier.code}-slip.pdf"
    )


@login_required
@require_GET
def receipt_pdf(request, pk):
    from dossiers import pdf

    dossier = selectors.dossier_get_for_user(request.user, pk)
    content = pdf.receipt_pdf(
        dossier, applicant=user_sees_applicant(request.user), survey_url=survey_url(request, dossier)
    )
    return _pdf(content, f"{dossier.code}-receipt.pdf")


@login_required
@require_GET
def apology_letter_pdf(request, pk):
    from dossiers import pdf

    dossier = selectors.dossier_get_for_user(request.user, pk)
    form = forms.ApologyForm(request.GET)
    if not form.is_valid():
        return render(
            request, "dossiers/detail.html", _detail_context(request, dossier, apology_form=form), status=400
        )
    content = pdf.apology_letter_pdf(
        dossier,
        applicant=user_sees_applicant(request.user),
        new_due_date=form.cleaned_data["new_due_date"],
        reason=form.cleaned_data["reason"],
    )
    return _pdf(content, f"{dossier.code}-apology.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def dossier_import(request):
    _require(user_manages_dossiers, request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            record = services.dossier_import_file(actor=request.user, uploaded=form.cleaned_data["file"])
        if call.ok:
            return redirect("dossiers:import_detail", record.pk)
    recent = DossierImport.objects.select_related("imported_by")[:10]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dossiers/import.html",
        {"form": form, "recent": recent, "columns": _columns()},
        status=status,
    )


def _columns():
    from dossiers.importer import COLUMNS

    return [(name, ", ".join(aliases[1:])) for name, aliases in COLUMNS.items()]


@login_required
@require_GET
def import_detail(request, pk):
    _require(user_manages_dossiers, request)
    record = get_object_or_404(DossierImport.objects.select_related("imported_by"), pk=pk)
    return render(request, "dossiers/import_detail.html", {"record": record, "refused": len(record.errors)})


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    _require(user_manages_dossiers, request)
    form = forms.CalendarExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            change = services.calendar_exception_set(actor=request.user, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The working calendar is saved."))
            _say_dossiers_moved(request, change)
            return redirect("dossiers:calendar")
    year = timezone.localdate().year
    exceptions = CalendarException.objects.filter(date__year__gte=year - 1)
    from dossiers.calendar import WorkingCalendar

    holidays = sorted(WorkingCalendar(year, year + 1).holidays_named().items())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dossiers/calendar.html",
        {"form": form, "exceptions": exceptions, "holidays": holidays},
        status=status,
    )


@login_required
@require_POST
def calendar_delete(request, pk):
    _require(user_manages_dossiers, request)
    exception = get_object_or_404(CalendarException, pk=pk)
    with service_call(request) as call:
        change = services.calendar_exception_delete(actor=request.user, exception=exception)
    if call.ok:
        messages.success(request, _("The day is removed from the calendar."))
        _say_dossiers_moved(request, change)
    return redirect("dossiers:calendar")


@login_required
@require_GET
def form_templates(request):
    _require(user_manages_dossiers, request)
    return render(
        request,
        "dossiers/form_templates.html",
        {"templates": OfficialFormTemplate.objects.order_by("number_label", "pk")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def form_template_edit(request, pk):
    _require(user_manages_dossiers, request)
    template = get_object_or_404(OfficialFormTemplate, pk=pk)
    form = forms.FormTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.form_template_update(actor=request.user, template=template, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The form is saved; the PDFs use it from now on."))
            return redirect("dossiers:form_templates")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dossiers/form_template_edit.html",
        {"form": form, "template": template, "placeholders": services.FORM_PLACEHOLDERS},
        status=status,
    )


def _say_dossiers_moved(request, change) -> None:
    count = change.dossiers_moved
    if count:
        message = ngettext(
            "%(count)s open dossier's due date changed.",
            "%(count)s open dossiers' due dates changed.",
            count,
        )
    else:
        message = _("No open dossier's due date changed.")
    messages.info(request, message % {"count": count})
    if change.steps_moved:
        messages.info(
            request,
            ngettext(
                "%(count)s unfinished step's due date changed.",
                "%(count)s unfinished steps' due dates changed.",
                change.steps_moved,
            )
            % {"count": change.steps_moved},
        )


@login_required
@require_GET
def satisfaction(request):
    _require(user_sees_survey_results, request)
    form, period = _period(request)
    results = selectors.survey_results(request.user, **period)
    return render(
        request,
        "dossiers/satisfaction.html",
        {
            "form": form,
            "r": results,
            "charts": charts.satisfaction_charts(results),
            "manager": user_manages_dossiers(request.user),
            "nc_form": forms.OpenNonconformityForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def response_open_nonconformity(request, pk):
    response = selectors.response_get_for_user(request.user, pk)
    form = forms.OpenNonconformityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a severity."))
        return redirect("dossiers:satisfaction")
    with service_call(request) as call:
        nc = services.survey_response_open_nonconformity(
            actor=request.user, response=response, severity=form.cleaned_data["severity"]
        )
    if call.ok:
        messages.success(request, _("Nonconformity %(number)s opened.") % {"number": nc.number})
        return redirect("nonconformities:detail", nc.pk)
    return redirect("dossiers:satisfaction")


# --- public: the satisfaction survey ----------------------------------------------------------

SESSION_DONE = "dossiers.survey_done"


def _limited(request) -> bool:
    rate = getattr(settings, "QMS_SURVEY_RATE", "10/h")
    return is_ratelimited(request, group="survey-submit", key="ip", rate=rate, method="POST", increment=True)


def _survey_page(request, *, survey, dossier=None, procedure=None):
    if survey is None:
        raise Http404("No survey.")
    questions = list(survey.questions.all())
    context = {
        "survey": survey,
        "dossier": dossier,
        "procedure": procedure or (dossier.procedure if dossier else None),
    }
    if dossier is not None and hasattr(dossier, "survey_response"):
        return render(request, "dossiers/public_survey_done.html", {**context, "already": True})
    if request.method == "GET":
        return render(
            request, "dossiers/public_survey.html", {**context, "form": forms.SurveyForm(questions=questions)}
        )
    if _limited(request):
        return render(
            request,
            "dossiers/public_survey.html",
            {**context, "form": forms.SurveyForm(questions=questions), "limited": True},
            status=429,
        )
    form = forms.SurveyForm(request.POST, questions=questions)
    if form.is_valid():
        if form.is_spam():
            form.add_error(None, _("The form is too old. Please check it and send it again."))
        else:
            with service_call(request, form=form) as call:
                services.survey_submit(
                    survey=survey,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    dossier=dossier,
                    procedure=procedure,
                )
            if call.ok:
                request.session[SESSION_DONE] = True
                return redirect("public_survey_thanks")
    form.data = form.data.copy()
    form.data["token"] = forms.spam_token_new()
    form.data["website"] = ""
    return render(request, "dossiers/public_survey.html", {**context, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
def public_survey_receipt(request, token):
    """From the QR code on a dossier's receipt: one answer per dossier."""
    dossier = selectors.survey_by_token(token)
    return _survey_page(request, survey=selectors.survey_for(dossier.procedure), dossier=dossier)


@require_http_methods(["GET", "POST"])
def public_survey_procedure(request, code):
    """From a procedure's public page: anyone, rate-limited."""
    from procedures.models import AdministrativeProcedure
    from procedures.workflow import ProcedureStatus

    procedure = get_object_or_404(AdministrativeProcedure, code=code, status=ProcedureStatus.PUBLISHED)
    return _survey_page(request, survey=selectors.survey_for(procedure), procedure=procedure)


@require_http_methods(["GET", "POST"])
def public_survey(request):
    return _survey_page(request, survey=selectors.survey_for(None))


@require_GET
def public_survey_thanks(request):
    if not request.session.get(SESSION_DONE):
        return redirect("public_survey")
    return render(request, "dossiers/public_survey_done.html", {})
