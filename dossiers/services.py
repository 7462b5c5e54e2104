"""Writes: importing dossiers, the working calendar, nonconformities proposed by late
dossiers and steps, survey answers, and the one-stop forms as PDFs."""

import datetime
import html
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from dossiers import importer
from dossiers.calendar import calendar_load
from dossiers.models import (
    CalendarException,
    Dossier,
    DossierImport,
    DossierStep,
    OfficialFormTemplate,
    Outcome,
    RecurringLateStep,
    Supplementation,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from dossiers.permissions import user_manages_dossiers, user_sees_survey_results, visible_dossier_q
from nonconformities.models import Nonconformity
from nonconformities.services import nonconformity_report
from qms.history import save_recorded

MAX_API_ITEMS = 1000


def _require_manager(actor) -> None:
    if not user_manages_dossiers(actor):
        raise PermissionDenied(_("You may not do this."))


# --- import -------------------------------------------------------------------------------


def dossier_import_file(*, actor, uploaded) -> DossierImport:
    """Import a one-stop export (CSV or XLSX). Rows are written batch by batch (each row
    whole or not at all); the refused rows are in the returned record's ``errors``."""
    _require_manager(actor)
    name = (uploaded.name or "").rsplit("/", 1)[-1]
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in {"csv", "xlsx"}:
        raise ValidationError({"file": _("Choose a CSV or XLSX file.")})
    if uploaded.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if suffix == "xlsx":
        from qms.uploads import ACCEPTED_TYPES, check_upload

        try:
            check_upload(uploaded, accepted={"xlsx": ACCEPTED_TYPES["xlsx"]})
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        uploaded.seek(0)
    checksum = importer.checksum_of(uploaded)
    try:
        report = importer.rows_import(importer.file_rows(uploaded, name))
    except importer.RowError as error:
        raise ValidationError({"file": str(error)}) from None
    except Exception as error:  # a damaged workbook: openpyxl's own errors
        if suffix == "xlsx" and error.__class__.__module__.startswith(("openpyxl", "zipfile")):
            raise ValidationError({"file": _("The workbook cannot be read.")}) from None
        raise
    return importer.import_record(
        actor=actor, source=DossierImport.Source.FILE, report=report, file_name=name, checksum=checksum
    )


def _api_rows(items):
    """The rows of API items: a dossier object with nested ``steps`` and
    ``supplementations`` gives one row for itself and one per event; line = item number."""
    for number, item in enumerate(items, start=1):
        dossier = {key: item.get(key) for key in ("procedure_code", *importer.DOSSIER_FIELDS)}
        dossier["dossier_code"] = item.get("code")
        yield number, dossier
        for step in item.get("steps") or ():
            yield (
                number,
                {
                    "dossier_code": item.get("code"),
                    "event": "step",
                    "step": step.get("step"),
                    "department": step.get("department"),
                    "started_at": step.get("started_at"),
                    "finished_at": step.get("finished_at"),
                    "step_due_at": step.get("due_at"),
                },
            )
        for pause in item.get("supplementations") or ():
            yield (
                number,
                {
                    "dossier_code": item.get("code"),
                    "event": "supplement",
                    "started_at": pause.get("requested_at"),
                    "finished_at": pause.get("supplied_at"),
                    "note": pause.get("reason"),
                },
            )


def dossier_import_items(*, actor, items: list[dict]) -> DossierImport:
    """The REST endpoint's import: idempotent by dossier code (sending a dossier again
    updates it). An item whose rows are refused is reported by its number (1-based)."""
    _require_manager(actor)
    if len(items) > MAX_API_ITEMS:
        raise ValidationError({"dossiers": _("Send at most %(n)s dossiers per call.") % {"n": MAX_API_ITEMS}})
    rows = list(_api_rows(items))
    report = importer.Report()
    # An item is all or nothing: check all its rows first.
    resolver = importer.Resolver()
    bad = {}
    for number, data in rows:
        try:
            importer.row_check(number, data, resolver)
        except importer.RowError as error:
            bad.setdefault(number, str(error))
    good = [(n, d) for n, d in rows if n not in bad]
    report = importer.rows_import(good)
    for number, message in sorted(bad.items()):
        report.refuse(number, message)
    report.rows_read = len(items)
    report.rows_imported = len({n for n, _d in good} - {e["line"] for e in report.errors})
    return importer.import_record(actor=actor, source=DossierImport.Source.API, report=report)


# --- the working calendar -------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarChange:
    """What a calendar edit did: the day recorded (None when removed), how many open
    dossiers' due dates or deadlines moved, and how many unfinished steps' due dates."""

    exception: CalendarException | None
    dossiers_moved: int
    steps_moved: int = 0


@transaction.atomic
def calendar_exception_set(*, actor, date: datetime.date, kind: str, note: str = "") -> CalendarChange:
    """Record an agency day off or a compensatory working day (replaces the same date's),
    and move the due dates of the open dossiers whose time limit runs over that day."""
    _require_manager(actor)
    if kind not in CalendarException.Kind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    exception = CalendarException.objects.select_for_update().filter(date=date).first() or CalendarException(
        date=date
    )
    exception.kind, exception.note = kind, (note or "").strip()[:200]
    save_recorded(exception, actor=actor, reason="calendar")
    return CalendarChange(
        exception,
        open_due_dates_recompute(actor=actor, day=date),
        open_step_due_dates_recompute(actor=actor, day=date),
    )


@transaction.atomic
def calendar_exception_delete(*, actor, exception: CalendarException) -> CalendarChange:
    _require_manager(actor)
    day = exception.date
    exception._history_user = actor
    exception.delete()
    return CalendarChange(
        None,
        open_due_dates_recompute(actor=actor, day=day),
        open_step_due_dates_recompute(actor=actor, day=day),
    )


def _calendar_around(day: datetime.date):
    year = timezone.localdate().year
    return calendar_load(min(year, day.year) - 6, max(year, day.year) + 2)


def open_due_dates_recompute(*, actor, day: datetime.date) -> int:
    """Recompute, with the calendar as it now is, the due date and deadline of the open
    dossiers (not yet returned) whose time runs over ``day``: received before the end of
    that day, deadline on or after its start. A due date the one-stop system gave is kept
    (only the supplementation pauses are counted again). Returns how many dossiers moved.

    Caller holds the transaction in which the calendar changed. One query reads the
    candidates (the partial index on open deadlines), one their pauses; the moved ones are
    written in bulk with a history row each naming the officer."""
    local = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time(0), local)
    candidates = list(
        Dossier.objects.filter(
            returned_at__isnull=True,
            deadline_at__gte=start,
            received_at__lt=start + datetime.timedelta(days=1),
        ).select_related("procedure")
    )
    if not candidates:
        return 0
    pauses: dict[int, list] = {}
    for dossier_id, requested, supplied in Supplementation.objects.filter(
        dossier__in=[d.pk for d in candidates]
    ).values_list("dossier_id", "requested_at", "supplied_at"):
        pauses.setdefault(dossier_id, []).append((requested, supplied))
    cal = _calendar_around(day)
    moved = []
    for dossier in candidates:
        try:
            due = dossier.due_at
            if not dossier.due_at_given:
                procedure = dossier.procedure
                due = importer.due_of(
                    cal, dossier.received_at, procedure.processing_time, procedure.processing_time_unit
                )
            deadline = importer.deadline_of(cal, due, pauses.get(dossier.pk, ()))
        except ValueError:  # outside the calendar's years: left as it is
            continue
        if due != dossier.due_at or deadline != dossier.deadline_at:
            dossier.due_at, dossier.deadline_at = due, deadline
            dossier.updated_at = timezone.now()
            moved.append(dossier)
    if moved:
        bulk_update_with_history(
            moved,
            Dossier,
            ["due_at", "deadline_at", "updated_at"],
            batch_size=1000,
            default_user=actor,
            default_change_reason="calendar",
        )
    return len(moved)


def open_step_due_dates_recompute(*, actor, day: datetime.date) -> int:
    """The same for the steps not yet finished: a step's due date computed from its start
    and the procedure step's time limit is computed again when its time runs over ``day``
    (started before the end of that day, due on or after its start); a due date the one-stop
    system gave (``due_at_given``) is kept. Returns how many steps moved.

    Caller holds the transaction in which the calendar changed (the same as the dossiers'
    due dates). One query reads the candidates, one the procedures' step limits; the moved
    steps are written in bulk with a history row each naming the officer."""
    local = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time(0), local)
    candidates = list(
        DossierStep.objects.filter(
            finished_at__isnull=True,
            due_at_given=False,
            due_at__gte=start,
            started_at__lt=start + datetime.timedelta(days=1),
        ).annotate(procedure_id=F("dossier__procedure_id"))
    )
    if not candidates:
        return 0
    resolver = importer.Resolver()
    cal = _calendar_around(day)
    moved = []
    for step in candidates:
        due = importer.step_due_of(cal, resolver.step_limit(step.procedure_id, step.step), step.started_at)
        if due is not None and due != step.due_at:
            step.due_at = due
            moved.append(step)
    if moved:
        bulk_update_with_history(
            moved,
            DossierStep,
            ["due_at"],
            batch_size=1000,
            default_user=actor,
            default_change_reason="calendar",
        )
    return len(moved)


# --- the one-stop forms in force ------------------------------------------------------------


@transaction.atomic
def form_template_update(
    *, actor, template: OfficialFormTemplate, name: str, number_label: str, legal_basis: str, body: str
) -> OfficialFormTemplate:
    """An officer rewords or renumbers a one-stop form (e.g. "Mẫu số 05" of Circular
    01/2018/TT-VPCP becomes another number under its successor); the PDFs use it at once."""
    _require_manager(actor)
    template = OfficialFormTemplate.objects.select_for_update().get(pk=template.pk)
    name, body = (name or "").strip(), (body or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the form's title.")
    if not body:
        errors["body"] = _("Give the form's text.")
    if errors:
        raise ValidationError(errors)
    template.name, template.body = name[:300], body
    template.number_label, template.legal_basis = (
        (number_label or "").strip()[:60],
        (legal_basis or "").strip()[:300],
    )
    save_recorded(template, actor=actor, reason="form_template")
    return template


# --- nonconformities proposed by late work ------------------------------------------------------


def _lock_dossier(actor, dossier) -> Dossier:
    try:
        return Dossier.objects.select_for_update().filter(visible_dossier_q(actor)).get(pk=dossier.pk)
    except Dossier.DoesNotExist:
        raise PermissionDenied(_("You may not do this.")) from None


@transaction.atomic
def dossier_open_nonconformity(
    *, actor, dossier, severity=Nonconformity.Severity.MINOR, title="", description=""
) -> Nonconformity:
    """One step: a late dossier (returned late, or still open past its deadline) opens a
    nonconformity from process monitoring in the dossier's department, linked back."""
    _require_manager(actor)
    dossier = _lock_dossier(actor, dossier)
    if dossier.nonconformity_id:
        raise ValidationError(
            _("A nonconformity is already open for this dossier: %(number)s.")
            % {"number": dossier.nonconformity.number}
        )
    late = dossier.outcome == Outcome.LATE or (
        dossier.returned_at is None and dossier.deadline_at < timezone.now()
    )
    if not late:
        raise ValidationError(_("This dossier is not late."))
    procedure = dossier.procedure
    nonconformity = nonconformity_report(
        actor=actor,
        title=title or _("Dossier %(code)s handled late") % {"code": dossier.code},
        source=Nonconformity.Source.PROCESS_MONITORING,
        department=dossier.department,
        description=description
        or _("Dossier %(code)s (%(procedure)s) was due on %(deadline)s; %(returned)s.")
        % {
            "code": dossier.code,
            "procedure": f"{procedure.code} {procedure.name}",
            "deadline": timezone.localtime(dossier.deadline_at).strftime("%d/%m/%Y %H:%M"),
            "returned": (
                _("returned on %(date)s")
                % {"date": timezone.localtime(dossier.returned_at).strftime("%d/%m/%Y %H:%M")}
                if dossier.returned_at
                else _("not yet returned")
            ),
        },
        severity=severity,
        iso_clause="8.5.1",
        process=f"{procedure.code} {procedure.name}"[:200],
    )
    dossier.nonconformity = nonconformity
    save_recorded(
        dossier, actor=actor, reason="open_nonconformity", update_fields=["nonconformity", "updated_at"]
    )
    return nonconformity


@transaction.atomic
def late_step_open_nonconformity(
    *, actor, procedure, step: str, month: datetime.date, severity=Nonconformity.Severity.MINOR
) -> Nonconformity:
    """One step: a step late more than the threshold in a month opens a nonconformity."""
    from dossiers.selectors import late_step_threshold, recurring_late_steps

    _require_manager(actor)
    month = month.replace(day=1)
    row = next(
        (
            r
            for r in recurring_late_steps(actor, month=month)
            if r["dossier__procedure_id"] == procedure.pk and r["step"] == step
        ),
        None,
    )
    if row is None:
        raise ValidationError(
            _("This step was not late more than %(n)s times in that month.") % {"n": late_step_threshold()}
        )
    if row["nonconformity"] is not None:
        raise ValidationError(
            _("A nonconformity is already open for it: %(number)s.") % {"number": row["nonconformity"].number}
        )
    nonconformity = nonconformity_report(
        actor=actor,
        title=_("Step “%(step)s” of %(code)s late %(n)s times in %(month)s")
        % {"step": step[:80], "code": procedure.code, "n": row["late"], "month": month.strftime("%m/%Y")},
        source=Nonconformity.Source.PROCESS_MONITORING,
        department=procedure.department,
        description=_(
            "The step “%(step)s” of procedure %(procedure)s finished after its time limit %(n)s times in %(month)s."
        )
        % {
            "step": step,
            "procedure": f"{procedure.code} {procedure.name}",
            "n": row["late"],
            "month": month.strftime("%m/%Y"),
        },
        severity=severity,
        iso_clause="8.5.1",
        process=f"{procedure.code} {procedure.name}"[:200],
    )
    record = RecurringLateStep(
        procedure=procedure, step=step, month=month, late_count=row["late"], nonconformity=nonconformity
    )
    save_recorded(record, actor=actor, reason="open_nonconformity")
    return nonconformity


# --- satisfaction surveys --------------------------------------------------------------------------


def survey_submit(
    *, survey: Survey, scores: dict, comment: str = "", dossier: Dossier | None = None, procedure=None
) -> SurveyResponse:
    """A citizen's answers (question pk -> 1..5; every question answered). From a receipt,
    ``dossier`` is set and a second answer for it is refused (database-unique too)."""
    questions = list(survey.questions.all())
    if not questions:
        raise ValidationError(_("This survey has no questions."))
    missing = [q for q in questions if q.pk not in scores]
    if missing:
        raise ValidationError(_("Answer every question."))
    for value in scores.values():
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(_("Each answer is a score from 1 to 5."))
    if dossier is not None:
        procedure = dossier.procedure
    department = dossier.department if dossier is not None else (procedure.department if procedure else None)
    average = (Decimal(sum(scores[q.pk] for q in questions)) / len(questions)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    try:
        with transaction.atomic():
            if dossier is not None and SurveyResponse.objects.filter(dossier=dossier).exists():
                raise ValidationError(_("This dossier's survey has already been answered. Thank you."))
            response = SurveyResponse(
                survey=survey,
                dossier=dossier,
                procedure=procedure,
                department=department,
                comment=(comment or "").strip()[:2000],
                average=average,
            )
            response.save()
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(response=response, question=q, criterion=q.criterion, score=scores[q.pk])
                for q in questions
            )
    except IntegrityError:
        raise ValidationError(_("This dossier's survey has already been answered. Thank you.")) from None
    return response


@transaction.atomic
def survey_response_open_nonconformity(
    *, actor, response: SurveyResponse, department=None, severity=Nonconformity.Severity.MINOR
) -> Nonconformity:
    """A low score opens a nonconformity (source: citizen feedback) in one step, linked back."""
    if not (user_sees_survey_results(actor) and user_manages_dossiers(actor)):
        raise PermissionDenied(_("You may not do this."))
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if response.nonconformity_id:
        raise ValidationError(_("A nonconformity is already open for this response."))
    department = department or response.department
    if department is None:
        raise ValidationError({"department": _("Choose the department concerned.")})
    lows = ", ".join(
        f"{a.question.text} ({a.score}/5)"
        for a in response.answers.select_related("question").filter(score__lte=2)
    )
    nonconformity = nonconformity_report(
        actor=actor,
        title=_("Low citizen satisfaction (%(score)s/5)") % {"score": response.average},
        source=Nonconformity.Source.FEEDBACK,
        department=department,
        description=_("Survey answered on %(date)s%(procedure)s. Low answers: %(lows)s. Comment: %(comment)s")
        % {
            "date": timezone.localtime(response.submitted_at).strftime("%d/%m/%Y"),
            "procedure": f" ({response.procedure.code} {response.procedure.name})"
            if response.procedure
            else "",
            "lows": lows or "—",
            "comment": response.comment or "—",
        },
        severity=severity,
        iso_clause="9.1.2",
    )
    response.nonconformity = nonconformity
    save_recorded(response, actor=actor, reason="open_nonconformity", update_fields=["nonconformity"])
    return nonconformity


# --- the one-stop forms ----------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{(\w+)\}")
FORM_PLACEHOLDERS = (
    "dossier_code",
    "procedure_code",
    "procedure_name",
    "department",
    "organisation",
    "applicant_name",
    "received_at",
    "due_at",
    "deadline_at",
    "returned_at",
    "new_due_date",
    "reason",
    "today",
    "steps_table",
)


def form_body_html(template: OfficialFormTemplate, values: dict, *, trusted: dict | None = None) -> str:
    """The template's text as HTML paragraphs, each ``{name}`` replaced by its escaped
    value (``trusted`` values are our own HTML); unknown names are left as written."""
    trusted = trusted or {}

    def fill(line: str) -> str:
        pieces, last = [], 0
        for match in PLACEHOLDER.finditer(line):
            pieces.append(html.escape(line[last : match.start()]))
            name = match.group(1)
            if name in trusted:
                pieces.append(trusted[name])
            elif name in values:
                pieces.append(html.escape(str(values[name])))
            else:
                pieces.append(html.escape(match.group(0)))
            last = match.end()
        pieces.append(html.escape(line[last:]))
        return "".join(pieces)

    lines = (template.body or "").splitlines()
    body = []
    for line in lines:
        filled = fill(line)
        if filled.strip().startswith("<table"):
            body.append(filled)
        elif filled.strip():
            body.append(f"<p>{filled}</p>")
    return "\n".join(body)
