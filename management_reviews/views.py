"""Web UI: parse the request, call one service or selector, render. Rules live below."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits.services import clause_document_set
from documents.selectors import document_get_for_user
from management_reviews import forms, panels, selectors, services, traceability
from management_reviews.models import ReviewSection
from management_reviews.permissions import may_complete_decision, user_is_review_officer
from management_reviews.workflow import EDITABLE_STATUSES, LIFECYCLE, DecisionStatus, ManagementReviewAction
from qms.views import service_call

PAGE_SIZE = 50


def _back(review, anchor=""):
    response = redirect("management_reviews:detail", pk=review.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
@require_GET
def review_list(request):
    page = Paginator(selectors.review_list_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "management_reviews/list.html",
        {"page": page, "may_plan": user_is_review_officer(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_plan(request):
    if not user_is_review_officer(request.user):
        raise Http404("Not found.")
    form = forms.ReviewPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            review = services.review_plan(actor=request.user, **form.cleaned_data)
        if call.ok:
            return _back(review)
    return render(request, "management_reviews/plan.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request, review, **bound):
    user = request.user
    officer = user_is_review_officer(user)
    editable = officer and review.status in EDITABLE_STATUSES
    decisions = list(selectors.decision_list_for(review))
    return {
        "review": review,
        "sections": selectors.section_rows(review),
        "decisions": decisions,
        "attendees": list(review.attendees.all()),
        "actions": LIFECYCLE.actions_available(review, user),
        "officer": officer,
        "editable": editable,
        "comment_section_id": bound.get("comment_section_id"),
        "comment_form": bound.get("comment_form"),
        "decision_form": bound.get("decision_form") or (forms.DecisionForm() if editable else None),
        "conclusions_form": bound.get("conclusions_form")
        or (forms.ConclusionsForm(initial={"conclusions": review.conclusions}) if editable else None),
        "sign_form": bound.get("sign_form") or forms.SignForm(),
        "close_decision_ids": {
            d.pk for d in decisions if d.status == DecisionStatus.OPEN and may_complete_decision(user, d)
        },
        "PREPARE": ManagementReviewAction.PREPARE,
        "HOLD": ManagementReviewAction.HOLD,
        "SIGN": ManagementReviewAction.SIGN,
    }


@login_required
@require_GET
def review_detail(request, pk):
    review = selectors.review_get_for_user(request.user, pk)
    return render(request, "management_reviews/detail.html", _detail_context(request, review))


def _rerender(request, review, **bound):
    context = _detail_context(request, review, **bound)
    return render(request, "management_reviews/detail.html", context, status=400)


@login_required
@require_POST
def review_transition(request, pk, action):
    review = selectors.review_get_for_user(request.user, pk)
    if action == ManagementReviewAction.SIGN:
        form = forms.SignForm(request.POST)
        if not form.is_valid():
            return _rerender(request, review, sign_form=form)
        with service_call(request, form=form, forbidden_message=True) as call:
            services.review_sign(actor=request.user, review=review, password=form.cleaned_data["password"])
        if call.on_form:
            return _rerender(request, review, sign_form=form)
        return _back(review)
    with service_call(request, forbidden_message=True):
        if action == ManagementReviewAction.PREPARE:
            services.review_prepare(actor=request.user, review=review)
        elif action == ManagementReviewAction.HOLD:
            services.review_hold(
                actor=request.user, review=review, conclusions=request.POST.get("conclusions", "")
            )
        else:
            raise Http404("No such action.")
    return _back(review)


@login_required
@require_POST
def section_comment(request, pk):
    section = ReviewSection.objects.filter(pk=pk).first()
    if section is None:
        raise Http404("No such section.")
    review = selectors.review_get_for_user(request.user, section.review_id)
    form = forms.CommentaryForm(request.POST)
    if form.is_valid():
        with service_call(request, form=form) as call:
            services.section_comment(
                actor=request.user, section=section, commentary=form.cleaned_data["commentary"]
            )
        if call.ok:
            return _back(review, f"section-{section.key}")
    return _rerender(request, review, comment_form=form, comment_section_id=section.pk)


@login_required
@require_POST
def review_conclusions(request, pk):
    review = selectors.review_get_for_user(request.user, pk)
    form = forms.ConclusionsForm(request.POST)
    if form.is_valid():
        with service_call(request, form=form) as call:
            services.review_conclude(
                actor=request.user, review=review, conclusions=form.cleaned_data["conclusions"]
            )
        if call.ok:
            return _back(review, "conclusions")
    return _rerender(request, review, conclusions_form=form)


@login_required
@require_POST
def decision_add(request, pk):
    review = selectors.review_get_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        with service_call(request, form=form) as call:
            decision = services.decision_record(actor=request.user, review=review, **form.cleaned_data)
        if call.ok:
            return _back(review, f"decision-{decision.pk}")
    return _rerender(request, review, decision_form=form)


@login_required
@require_POST
def decision_close(request, pk, outcome):
    decision = selectors.decision_get_for_user(request.user, pk)
    form = forms.DecisionCloseForm(request.POST)
    if not form.is_valid():
        with service_call(request):
            raise_from_form(form)
        return _back(decision.review, f"decision-{decision.pk}")
    service = {"done": services.decision_complete, "cancel": services.decision_cancel}.get(outcome)
    if service is None:
        raise Http404("No such outcome.")
    with service_call(request, form=form):
        service(actor=request.user, decision=decision, completion_note=form.cleaned_data["completion_note"])
    return _back(decision.review, f"decision-{decision.pk}")


def raise_from_form(form):
    from django.core.exceptions import ValidationError

    raise ValidationError([str(e) for errors in form.errors.values() for e in errors])


@login_required
@require_POST
def review_correct(request, pk):
    review = selectors.review_get_for_user(request.user, pk)
    with service_call(request, forbidden_message=True) as call:
        correction = services.review_correct(actor=request.user, review=review)
    return _back(correction) if call.ok else _back(review)


@login_required
@require_GET
def decision_list(request):
    mine = request.GET.get("mine") == "1"
    status = request.GET.get("status", "")
    if status not in ("", "overdue", *DecisionStatus.values):
        status = ""
    decisions = selectors.decision_list_visible_to(request.user, status=status or None, mine=mine)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "management_reviews/decisions.html",
        {"page": page, "mine": mine, "status": status, "statuses": DecisionStatus.choices},
    )


@login_required
@require_GET
def minutes_pdf(request, pk):
    """The signed minutes as stored (checksum verified), or a draft rendered now."""
    review = selectors.review_get_for_user(request.user, pk)
    if review.is_signed and review.minutes_pdf:
        from qms.uploads import sha256_of

        with review.minutes_pdf.open("rb") as stored:
            content = stored.read()
        from django.core.files.base import ContentFile

        if sha256_of(ContentFile(content)) != review.minutes_checksum:
            raise Http404("The stored minutes do not match their checksum.")
    else:
        from management_reviews.pdf import minutes_pdf as render_minutes

        content = render_minutes(review)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{review.number}.pdf"'
    return response


# --- clause traceability ----------------------------------------------------------------


def _matrix_context(rows) -> dict:
    """Rows, and whether the risk and objective columns have anything to show (their
    registers count per clause only when they record a clause)."""
    return {
        "rows": rows,
        "today": timezone.localdate(),
        "show_risks": any(row.risks is not None for row in rows),
        "show_objectives": any(row.objectives is not None for row in rows),
    }


def _require_traceability(user):
    if not panels.sees_traceability(user):
        raise Http404("Not found.")


@login_required
@require_GET
def clause_matrix(request):
    _require_traceability(request.user)
    rows = traceability.clause_matrix(request.user)
    return render(
        request, "management_reviews/clause_matrix.html", {"rows": rows, "today": timezone.localdate()}
    )


@login_required
@require_GET
def readiness(request):
    _require_traceability(request.user)
    rows = traceability.readiness(request.user)
    return render(request, "management_reviews/readiness.html", _matrix_context(rows))


def _matrix_csv_rows(rows):
    yield [
        _("Clause"),
        _("Title"),
        _("Documents in force"),
        _("Last audit"),
        _("Audits in the last 12 months"),
        _("Nonconformity findings"),
        _("Open nonconformities"),
        _("Open major nonconformities"),
        _("Risks"),
        _("Objectives"),
        _("Review decisions"),
        _("Ready"),
    ]
    for row in rows:
        yield [
            row.clause.number,
            row.clause.title,
            "; ".join(number for _pk, number, _title in row.documents),
            row.last_audit.strftime("%d/%m/%Y") if row.last_audit else "",
            row.audits_recent,
            row.findings_nc,
            row.ncs_open,
            row.ncs_open_major,
            "" if row.risks is None else row.risks,
            "" if row.objectives is None else row.objectives,
            row.decisions,
            _("yes") if row.ready else _("no"),
        ]


@login_required
@require_GET
def clause_matrix_csv(request):
    _require_traceability(request.user)
    scope = request.GET.get("scope")
    rows = (
        traceability.readiness(request.user)
        if scope == "readiness"
        else traceability.clause_matrix(request.user)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="iso9001-clause-matrix.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 (Vietnamese) correctly with a BOM
    writer = csv.writer(response)
    for line in _matrix_csv_rows(rows):
        writer.writerow(line)
    return response


@login_required
@require_GET
def clause_matrix_pdf(request):
    _require_traceability(request.user)
    from management_reviews.pdf import clause_matrix_pdf as render_matrix

    scope = request.GET.get("scope")
    rows = (
        traceability.readiness(request.user)
        if scope == "readiness"
        else traceability.clause_matrix(request.user)
    )
    content = render_matrix(rows, readiness=scope == "readiness")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="iso9001-clause-matrix.pdf"'
    return response


@login_required
@require_POST
def document_clauses(request, document_pk):
    document = document_get_for_user(request.user, document_pk)
    form = forms.DocumentClausesForm(request.POST)
    if form.is_valid():
        with service_call(request) as call:
            clause_document_set(actor=request.user, document=document, clauses=form.cleaned_data["clauses"])
        if call.ok:
            from django.contrib import messages

            messages.success(request, _("ISO 9001 clauses saved."))
    else:
        with service_call(request):
            raise_from_form(form)
    return redirect("documents:detail", pk=document.pk)
