"""Web UI for internal audits: parse the request, call one service or selector, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from audits import selectors, services
from audits.filters import PROGRESS_DONE, PROGRESS_PENDING, AuditFilterSet
from audits.forms import (
    AnswerForm,
    AuditPlanForm,
    ChecklistItemAddForm,
    ChecklistQuestionForm,
    ChecklistTemplateForm,
    EvidenceUploadForm,
    FindingForm,
    ProgrammeForm,
    ProgrammeItemForm,
    QualificationForm,
    ReportDraftForm,
    ReportIssueForm,
    audit_plan_initial,
)
from audits.models import AuditReport, ChecklistItem, Finding, ProgrammeItem
from audits.workflow import LIFECYCLE, AuditAction, AuditStatus
from qms import charts
from qms.filters import YEAR_MAX, YEAR_MIN, filter_for_page
from qms.views import service_call


def _require(condition):
    if not condition:
        raise Http404("Not found.")


def _warn_unqualified(request, people):
    unqualified = selectors.unqualified_auditors(people)
    if unqualified:
        messages.warning(
            request,
            _("Not recorded as qualified auditors: %(names)s. Check their training before the audit.")
            % {"names": ", ".join(u.get_full_name() or u.username for u in unqualified)},
        )


# --- audits ----------------------------------------------------------------------------


@login_required
def audit_list(request):
    _require(selectors.user_has_audits(request.user))
    filterset = filter_for_page(AuditFilterSet, request, selectors.audit_list_visible_to(request.user))
    audits = filterset.qs
    return render(
        request,
        "audits/audit_list.html",
        {
            "audits": audits[:200],
            "count": audits.count(),
            "filter": filterset.form,
            "filtered": any(v not in (None, "") for v in filterset.form.cleaned_data.values()),
            "may_plan": selectors.user_may_plan(request.user),
        },
    )


@login_required
def audit_plan(request):
    _require(selectors.user_may_plan(request.user))
    form = AuditPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form) as call:
            audit = services.audit_plan(actor=request.user, **data)
        if call.ok:
            _warn_unqualified(request, [audit.lead_auditor, *audit.team.all()])
            messages.success(request, _("Audit %(reference)s planned.") % {"reference": audit.reference})
            return redirect("audits:detail", pk=audit.pk)
    return render(request, "audits/audit_form.html", {"form": form, "audit": None})


@login_required
def audit_edit(request, pk):
    audit = selectors.audit_get_for_user(request.user, pk)
    _require(request.user.pk == audit.lead_auditor_id or selectors.user_may_plan(request.user))
    if audit.status != AuditStatus.PLANNED:
        messages.error(request, _("Only a planned audit can be changed."))
        return redirect("audits:detail", pk=audit.pk)
    form = AuditPlanForm(
        request.POST or None, initial=audit_plan_initial(audit), editing=True, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.audit_update_plan(actor=request.user, audit=audit, **form.cleaned_data)
        if call.refused:
            return redirect("audits:detail", pk=audit.pk)
        if call.ok:
            _warn_unqualified(request, [form.cleaned_data["lead_auditor"], *form.cleaned_data["team"]])
            messages.success(request, _("Audit plan saved."))
            return redirect("audits:detail", pk=audit.pk)
    return render(request, "audits/audit_form.html", {"form": form, "audit": audit})


@login_required
def audit_detail(request, pk):
    audit = selectors.audit_get_for_user(request.user, pk)
    findings = list(selectors.finding_list_for(audit))
    for finding in findings:
        finding.nc_record = selectors.nonconformity_of(finding)
    team = list(audit.team.all())
    is_team = selectors.user_is_audit_team(request.user, audit)
    report = AuditReport.objects.filter(audit=audit).first()
    may_see_checklist = selectors.user_may_see_checklist(request.user, audit)
    may_edit = audit.status == AuditStatus.PLANNED and (
        request.user.pk == audit.lead_auditor_id or selectors.user_may_plan(request.user)
    )
    actions = LIFECYCLE.actions_available(audit, request.user)
    primary, secondary = _audit_page_actions(audit, actions, is_team, may_see_checklist, may_edit, report)
    return render(
        request,
        "audits/audit_detail.html",
        {
            "audit": audit,
            "team": team,
            "findings": findings,
            "report": report,
            "primary": primary,
            "secondary": secondary,
            "is_team": is_team,
            "may_see_checklist": may_see_checklist,
            "may_edit": may_edit,
            "may_open_nc": is_team or selectors.user_sees_all_audits(request.user),
            "unqualified": selectors.unqualified_auditors([audit.lead_auditor, *team])
            if selectors.user_sees_all_audits(request.user) or is_team
            else [],
            "missing_nc": selectors.findings_missing_nonconformity(audit) if audit.is_frozen else [],
        },
    )


def _audit_page_actions(audit, actions, is_team, may_see_checklist, may_edit, report):
    """(primary, secondary) for the audit page: the one next step of the audit's state
    is the primary button; the rest are secondary. Each is a dict with label, url and
    ``post`` (a lifecycle transition is a form)."""
    found = []

    def add(key, label, url, post=False):
        found.append({"key": key, "label": label, "url": url, "post": post})

    if AuditAction.START in actions:
        add(
            "start",
            _("Start the audit"),
            reverse("audits:transition", args=[audit.pk, AuditAction.START]),
            True,
        )
    if may_see_checklist:
        add("checklist", _("Audit checklist"), reverse("audits:checklist", args=[audit.pk]))
    if is_team and audit.status not in (AuditStatus.PLANNED, AuditStatus.CLOSED):
        label = _("Record a correction") if audit.is_frozen else _("Record a finding")
        add("finding", label, reverse("audits:finding_new", args=[audit.pk]))
    if audit.status != AuditStatus.PLANNED:
        label = _("Write the report") if audit.status == AuditStatus.IN_PROGRESS else _("Report")
        add("report", label, reverse("audits:report", args=[audit.pk]))
    if report is not None and report.pdf:
        add("report_pdf", _("Report (PDF)"), reverse("audits:report_pdf", args=[audit.pk]))
    if AuditAction.CLOSE in actions:
        add(
            "close",
            _("Close the audit"),
            reverse("audits:transition", args=[audit.pk, AuditAction.CLOSE]),
            True,
        )
    if may_edit:
        add("edit", _("Change the plan"), reverse("audits:edit", args=[audit.pk]))
    # What comes next, by state: the first of these that the user may do.
    next_step = {
        AuditStatus.PLANNED: ["start", "edit", "checklist"],
        AuditStatus.IN_PROGRESS: ["checklist", "report", "finding"],
        AuditStatus.REPORTED: ["close", "report_pdf", "report"],
        AuditStatus.CLOSED: ["report_pdf", "report"],
    }[audit.status]
    by_key = {a["key"]: a for a in found}
    primary = next((by_key[key] for key in next_step if key in by_key), None)
    return primary, [a for a in found if a is not primary]


@login_required
@require_POST
def audit_transition(request, pk, action):
    audit = selectors.audit_get_for_user(request.user, pk)
    service = {AuditAction.START: services.audit_start, AuditAction.CLOSE: services.audit_close}.get(action)
    _require(service is not None)
    with service_call(request) as call:
        service(actor=request.user, audit=audit)
    if call.ok:
        messages.success(request, _("Audit %(reference)s: done.") % {"reference": audit.reference})
    return redirect("audits:detail", pk=audit.pk)


# --- checklist -------------------------------------------------------------------------


@login_required
def checklist(request, pk):
    audit = selectors.audit_get_for_user(request.user, pk)
    _require(selectors.user_may_see_checklist(request.user, audit))
    items = list(selectors.checklist_for(audit))
    in_force = selectors.versions_effective_on(
        [i.document_id for i in items if i.document_id], audit.audit_date
    )
    for item in items:
        item.version_on_date = in_force.get(item.document_id)
        item.form = AnswerForm(
            initial={"result": item.result, "evidence": item.evidence},
            prefix=f"item{item.pk}",
            auto_id=f"id_%s_{item.pk}",
        )
    is_team = selectors.user_is_audit_team(request.user, audit)
    return render(
        request,
        "audits/checklist.html",
        {
            "audit": audit,
            "items": items,
            "may_answer": is_team and audit.status == AuditStatus.IN_PROGRESS,
            "may_add": is_team and audit.status in (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS),
            "upload_form": EvidenceUploadForm(),
            "add_form": ChecklistItemAddForm(),
            "answered": sum(1 for item in items if item.result),
        },
    )


def _back_to_item(item):
    return redirect(reverse("audits:checklist", args=[item.audit_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def checklist_answer(request, item_pk):
    """Save one answer. The page's script posts with X-Requested-With: fetch and gets
    JSON back (no reload, other questions keep what is typed); plain forms redirect."""
    item = selectors.checklist_item_get_for_user(request.user, item_pk)
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    form = AnswerForm(request.POST, prefix=f"item{item.pk}")
    error = None
    if not form.is_valid():
        error = _("Question %(n)s: choose a result.") % {"n": item.order}
    else:
        with service_call(request, show=False) as call:
            services.checklist_item_answer(actor=request.user, item=item, **form.cleaned_data)
        error = call.message or None
    message = error or _("Question %(n)s saved.") % {"n": item.order}
    if wants_json:
        progress = selectors.checklist_progress(item.audit)
        return JsonResponse(
            {"ok": error is None, "message": str(message), **progress}, status=400 if error else 200
        )
    (messages.error if error else messages.success)(request, message)
    return _back_to_item(item)


@login_required
@require_POST
def evidence_upload(request, item_pk):
    item = selectors.checklist_item_get_for_user(request.user, item_pk)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return _back_to_item(item)
    with service_call(request) as call:
        services.evidence_attach(actor=request.user, item=item, uploaded=form.cleaned_data["file"])
    if call.ok:
        messages.success(request, _("File attached to question %(n)s.") % {"n": item.order})
    return _back_to_item(item)


@login_required
def evidence_download(request, pk):
    evidence = selectors.evidence_file_get_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored file is missing.") from None
    return FileResponse(
        handle,
        as_attachment=not evidence.content_type.startswith("image/"),
        filename=evidence.original_filename,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def checklist_add(request, pk):
    audit = selectors.audit_get_for_user(request.user, pk)
    form = ChecklistItemAddForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            services.checklist_item_add(actor=request.user, audit=audit, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Question added."))
    else:
        messages.error(request, _("Write the question."))
    return redirect("audits:checklist", pk=audit.pk)


# --- findings --------------------------------------------------------------------------


@login_required
def finding_new(request, pk):
    audit = selectors.audit_get_for_user(request.user, pk)
    _require(selectors.user_is_audit_team(request.user, audit))
    item = None
    item_pk = request.GET.get("item") or request.POST.get("item")
    if item_pk:
        _require(item_pk.isdigit())
        item = get_object_or_404(ChecklistItem, pk=item_pk, audit=audit)
    initial = {}
    if item is not None:
        initial = {"clause": item.clause, "evidence": item.evidence}
        if item.result == ChecklistItem.Result.OBSERVATION:
            initial["category"] = Finding.Category.OBSERVATION
        elif item.result == ChecklistItem.Result.NONCONFORMING:
            initial["category"] = Finding.Category.MINOR_NC
    departments = list(audit.departments.all())
    if len(departments) == 1:
        initial["department"] = departments[0]
    form = FindingForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            finding = services.finding_record(
                actor=request.user, audit=audit, checklist_item=item, **form.cleaned_data
            )
        if call.refused:
            return redirect("audits:detail", pk=audit.pk)
        if call.ok:
            messages.success(request, _("Finding %(reference)s recorded.") % {"reference": finding.reference})
            return redirect(reverse("audits:detail", args=[audit.pk]) + "#findings")
    return render(request, "audits/finding_form.html", {"audit": audit, "form": form, "item": item})


@login_required
@require_POST
def finding_delete(request, pk):
    finding = selectors.finding_get_for_user(request.user, pk)
    with service_call(request) as call:
        services.finding_delete(actor=request.user, finding=finding)
    if call.ok:
        messages.success(request, _("Finding deleted."))
    return redirect(reverse("audits:detail", args=[finding.audit_id]) + "#findings")


@login_required
@require_POST
def finding_open_nonconformity(request, pk):
    finding = selectors.finding_get_for_user(request.user, pk)
    with service_call(request) as call:
        record = services.finding_open_nonconformity(actor=request.user, finding=finding)
    if call.ok:
        messages.success(
            request,
            _("Nonconformity record %(record)s opened from %(finding)s.")
            % {"record": record, "finding": finding.reference},
        )
    return redirect(reverse("audits:detail", args=[finding.audit_id]) + "#findings")


# --- report ----------------------------------------------------------------------------


@login_required
def report(request, pk):
    audit = selectors.audit_get_for_user(request.user, pk)
    report = AuditReport.objects.filter(audit=audit).first()
    is_lead = request.user.pk == audit.lead_auditor_id
    is_team = selectors.user_is_audit_team(request.user, audit)
    editable = is_team and audit.status == AuditStatus.IN_PROGRESS
    initial = {"summary": report.summary, "conclusion": report.conclusion} if report else {}
    draft_form = ReportDraftForm(initial=initial)
    issue_form = ReportIssueForm(initial=initial)
    if request.method == "POST":
        _require(editable)
        if "issue" in request.POST:
            issue_form = ReportIssueForm(request.POST)
            if issue_form.is_valid():
                with service_call(request, form=issue_form) as call:
                    services.report_issue(actor=request.user, audit=audit, **issue_form.cleaned_data)
                if call.ok:
                    messages.success(request, _("Report issued and signed. The audit is reported."))
                if not call.on_form:
                    return redirect("audits:detail", pk=audit.pk)
        else:
            draft_form = ReportDraftForm(request.POST)
            if draft_form.is_valid():
                with service_call(request, form=draft_form) as call:
                    services.report_save_draft(actor=request.user, audit=audit, **draft_form.cleaned_data)
                if call.ok:
                    messages.success(request, _("Report draft saved."))
                    return redirect("audits:report", pk=audit.pk)
                if call.refused:
                    return redirect("audits:detail", pk=audit.pk)
    from audits.report import report_context

    context = report_context(audit=audit, report=report or AuditReport(audit=audit))
    context.update(
        {
            "draft_form": draft_form,
            "issue_form": issue_form,
            "editable": editable,
            "may_issue": is_lead and audit.status == AuditStatus.IN_PROGRESS,
            # The auditee reads the report once it is issued, not the auditors' draft.
            "show_text": (report is not None and report.is_issued)
            or selectors.user_may_see_checklist(request.user, audit),
        }
    )
    return render(request, "audits/report.html", context)


@login_required
def report_pdf(request, pk):
    audit = selectors.audit_get_for_user(request.user, pk)
    report = AuditReport.objects.filter(audit=audit, issued_at__isnull=False).first()
    if report is None or not report.pdf:
        raise Http404("The report has not been issued.")
    try:
        handle = report.pdf.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored file is missing.") from None
    return FileResponse(
        handle, as_attachment=True, filename=f"{audit.reference}.pdf", content_type="application/pdf"
    )


# --- programme and coverage --------------------------------------------------------------


@login_required
def programme_list(request):
    _require(selectors.user_sees_all_audits(request.user))
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        _require(selectors.user_may_plan(request.user))
        if form.is_valid():
            with service_call(request, form=form) as call:
                programme = services.programme_create(actor=request.user, **form.cleaned_data)
            if call.ok:
                return redirect("audits:programme", year=programme.year)
    return render(
        request,
        "audits/programme_list.html",
        {
            "programmes": selectors.programme_list(),
            "form": form,
            "may_plan": selectors.user_may_plan(request.user),
        },
    )


@login_required
def programme_detail(request, year):
    _require(selectors.user_sees_all_audits(request.user))
    _require(YEAR_MIN <= year <= YEAR_MAX)
    programme = selectors.programme_get(year)
    form = ProgrammeItemForm(request.POST or None)
    if request.method == "POST":
        _require(selectors.user_may_plan(request.user))
        if "remove" in request.POST:
            _require(request.POST["remove"].isdigit())
            item = get_object_or_404(ProgrammeItem, pk=request.POST["remove"], programme=programme)
            services.programme_item_remove(actor=request.user, item=item)
            messages.success(request, _("Removed from the programme."))
            return redirect("audits:programme", year=year)
        if form.is_valid():
            with service_call(request, form=form) as call:
                services.programme_item_add(actor=request.user, programme=programme, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("Added to the programme."))
                return redirect("audits:programme", year=year)
    return render(
        request,
        "audits/programme_detail.html",
        {
            "programme": programme,
            "form": form,
            "coverage": selectors.coverage_matrix(programme.year),
            "may_plan": selectors.user_may_plan(request.user),
        },
    )


@login_required
def coverage(request, year):
    _require(selectors.user_sees_all_audits(request.user))
    _require(YEAR_MIN <= year <= YEAR_MAX)  # as the programme pages: no programme outside these
    figures = selectors.audit_year_figures(request.user, year)
    return render(
        request,
        "audits/coverage.html",
        {
            "coverage": selectors.coverage_matrix(year),
            "year": year,
            "figures": figures,
            "charts": _coverage_charts(figures, year),
            "years": [year - 1, year + 1],
        },
    )


def _audit_list_url(**params) -> str:
    return f"{reverse('audits:list')}?{urlencode(params)}"


def _coverage_charts(figures: dict, year: int) -> dict:
    """Audits per month and per department; each bar links to the audit list it counts."""
    done_label = pgettext("audits", "Done")
    pending_label = pgettext("audits", "Planned or in progress")
    months = figures["months"]

    def month_urls(progress):
        return [
            _audit_list_url(year=year, progress=progress, planned_from=m["month"], planned_to=m["end"])
            for m in months
        ]

    departments = figures["departments"]

    def department_urls(progress):
        return [_audit_list_url(year=year, progress=progress, department=d["pk"]) for d in departments]

    return {
        "months": charts.trend_chart(
            _("Audits per month"),
            [m["month"] for m in months],
            [
                charts.Series(
                    done_label, [m["done"] for m in months], month_urls(PROGRESS_DONE), tone="good"
                ),
                charts.Series(pending_label, [m["pending"] for m in months], month_urls(PROGRESS_PENDING)),
            ],
            empty_text=_("No audits planned this year."),
        ),
        "departments": charts.stacked_bar_chart(
            _("Audits per department"),
            [f"{d['code']} · {d['name']}" for d in departments],
            [
                charts.Series(
                    done_label, [d["done"] for d in departments], department_urls(PROGRESS_DONE), tone="good"
                ),
                charts.Series(
                    pending_label, [d["pending"] for d in departments], department_urls(PROGRESS_PENDING)
                ),
            ],
            empty_text=_("No audits planned this year."),
        ),
    }


# --- checklist templates -----------------------------------------------------------------


@login_required
def template_list(request):
    _require(selectors.user_may_plan(request.user))
    form = ChecklistTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = services.checklist_template_create(actor=request.user, **form.cleaned_data)
        return redirect("audits:template", pk=template.pk)
    return render(
        request, "audits/template_list.html", {"templates": selectors.checklist_template_list(), "form": form}
    )


@login_required
def template_detail(request, pk):
    _require(selectors.user_may_plan(request.user))
    template = selectors.checklist_template_get(pk)
    form = ChecklistQuestionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.checklist_question_add(actor=request.user, template=template, **form.cleaned_data)
        messages.success(request, _("Question added."))
        return redirect("audits:template", pk=template.pk)
    questions = template.questions.select_related("clause", "document").order_by("order", "pk")
    return render(
        request, "audits/template_detail.html", {"template": template, "questions": questions, "form": form}
    )


# --- auditor qualification ---------------------------------------------------------------


@login_required
def qualification_list(request):
    _require(selectors.user_sees_all_audits(request.user))
    return render(
        request,
        "audits/qualification_list.html",
        {
            "auditors": selectors.qualification_list(),
            "may_edit": request.user.has_perm("audits.manage_auditor_qualification"),
        },
    )


@login_required
def qualification_edit(request, user_pk):
    _require(request.user.has_perm("audits.manage_auditor_qualification"))
    auditor = get_object_or_404(selectors.auditor_candidates(), pk=user_pk)
    record = getattr(auditor, "auditor_qualification", None)
    initial = (
        {
            "qualified": record.qualified,
            "training_date": record.training_date,
            "training_course": record.training_course,
            "notes": record.notes,
        }
        if record
        else {}
    )
    form = QualificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            services.auditor_qualification_set(actor=request.user, auditor=auditor, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Qualification record saved."))
            return redirect("audits:qualifications")
    return render(request, "audits/qualification_form.html", {"auditor": auditor, "form": form})
