"""Writes. Each service is one user action in one transaction: lock, check, save, record.

History rows (django-simple-history) are the event record; every save names the
acting user. Illegal transitions raise ``AuditTransitionError`` (UI message, API 409);
missing rights raise ``PermissionDenied`` (404 for objects the user cannot see); bad
input raises ``ValidationError`` with field errors (form errors, API 400).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits import hooks, selectors
from audits.models import (
    Audit,
    AuditorQualification,
    AuditProgramme,
    AuditReport,
    ChecklistItem,
    ChecklistQuestion,
    ChecklistTemplate,
    EvidenceFile,
    Finding,
    ProgrammeItem,
)
from audits.workflow import (
    FROZEN_STATUSES,
    LIFECYCLE,
    AuditAction,
    AuditStatus,
    AuditTransitionError,
)
from documents.selectors import documents_check_visible
from notifications.services import notify
from qms.history import save_recorded as _save
from qms.sequences import sequence_next
from qms.uploads import check_upload, sha256_of
from signatures.services import signing_authenticate


def _require_plan_right(actor):
    if not selectors.user_may_plan(actor):
        raise PermissionDenied(_("Only auditors and QMS officers plan audits."))


def _lock_audit(audit) -> Audit:
    return Audit.objects.select_for_update().get(pk=audit.pk)


def _check_transition(*, actor, audit, action):
    try:
        return LIFECYCLE.transition_for(audit, action, actor)
    except PermissionDenied:
        raise PermissionDenied(_("You may not do this.")) from None


def _require_team(actor, audit):
    if not selectors.user_is_audit_team(actor, audit):
        raise PermissionDenied(_("Only the audit team may do this."))


def _require_status(audit, *statuses, message):
    if audit.status not in statuses:
        raise AuditTransitionError(message)


# --- programme -------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, actor, year: int, objectives: str = "") -> AuditProgramme:
    _require_plan_right(actor)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    if AuditProgramme.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a programme for %(year)s.") % {"year": year}})
    programme = AuditProgramme(year=year, objectives=objectives.strip(), created_by=actor)
    _save(programme, actor=actor, reason="create")
    return programme


@transaction.atomic
def programme_item_add(
    *, actor, programme, department, clauses=(), process="", importance, past_result, frequency=None
) -> ProgrammeItem:
    _require_plan_right(actor)
    item = ProgrammeItem(
        programme=programme,
        department=department,
        process=(process or "").strip(),
        importance=importance,
        past_result=past_result,
        frequency=frequency or ProgrammeItem.suggested_frequency(importance, past_result),
    )
    item.full_clean(exclude=["programme", "department"])
    _save(item, actor=actor, reason="add")
    item.clauses.set(clauses)
    return item


@transaction.atomic
def programme_item_remove(*, actor, item) -> None:
    _require_plan_right(actor)
    item._history_user = actor
    item.delete()


# --- auditors --------------------------------------------------------------------------


@transaction.atomic
def auditor_qualification_set(
    *, actor, auditor, qualified: bool, training_date=None, training_course="", notes=""
) -> AuditorQualification:
    if not actor.has_perm("audits.manage_auditor_qualification"):
        raise PermissionDenied(_("Only QMS officers keep auditor qualification records."))
    if qualified and training_date is None:
        raise ValidationError({"training_date": _("A qualified auditor needs a training date.")})
    record = AuditorQualification.objects.select_for_update().filter(auditor=auditor).first()
    record = record or AuditorQualification(auditor=auditor)
    record.qualified = qualified
    record.training_date = training_date
    record.training_course = (training_course or "").strip()
    record.notes = (notes or "").strip()
    _save(record, actor=actor, reason="qualification")
    return record


# --- checklist templates ---------------------------------------------------------------


@transaction.atomic
def checklist_template_create(*, actor, title: str, description: str = "") -> ChecklistTemplate:
    _require_plan_right(actor)
    if not title.strip():
        raise ValidationError({"title": _("A title is required.")})
    template = ChecklistTemplate(title=title.strip(), description=description.strip(), created_by=actor)
    _save(template, actor=actor, reason="create")
    return template


@transaction.atomic
def checklist_question_add(*, actor, template, text: str, clause=None, document=None) -> ChecklistQuestion:
    _require_plan_right(actor)
    documents_check_visible(actor, [document], field="document")
    if not text.strip():
        raise ValidationError({"text": _("Write the question.")})
    last = template.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = ChecklistQuestion(
        template=template, order=last + 1, text=text.strip(), clause=clause, document=document
    )
    _save(question, actor=actor, reason="add")
    return question


# --- planning --------------------------------------------------------------------------


def _reference_next(year: int) -> str:
    """Reserve the next audit reference of the year, e.g. ``IA-2026-03``. Caller is atomic."""

    def reference(seq: int) -> str:
        return f"IA-{year}-{seq:02d}"

    seq = sequence_next(
        f"audit:IA-{year}", taken=lambda seq: Audit.objects.filter(reference=reference(seq)).exists()
    )
    return reference(seq)


def validate_plan(*, departments, lead_auditor, team, planned_start, planned_end) -> None:
    """The rules of an audit plan, shared by the form, the API and the services.

    Raises ValidationError with field errors. Impartiality (ISO 9001 9.2.2 c): nobody
    audits a department they belong to.
    """
    errors = {}
    departments = list(departments)
    team = [member for member in team if member is not None]
    if not departments:
        errors["departments"] = [_("Choose at least one department to audit.")]
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = [_("The audit cannot end before it starts.")]
    auditors = [lead_auditor, *team] if lead_auditor is not None else team
    auditor_ids = set(
        selectors.auditor_candidates().filter(pk__in=[u.pk for u in auditors]).values_list("pk", flat=True)
    )
    not_auditors = [u for u in auditors if u.pk not in auditor_ids]
    if lead_auditor is not None and lead_auditor in not_auditors:
        errors.setdefault("lead_auditor", []).append(
            _("The lead auditor must be an active member of the Auditor group.")
        )
    if any(u in not_auditors for u in team):
        names = ", ".join(u.get_full_name() or u.username for u in team if u in not_auditors)
        errors.setdefault("team", []).append(_("Not in the Auditor group: %(names)s.") % {"names": names})
    for auditor, department in selectors.impartiality_conflicts(departments=departments, auditors=auditors):
        field = "lead_auditor" if lead_auditor is not None and auditor.pk == lead_auditor.pk else "team"
        errors.setdefault(field, []).append(
            _("%(name)s belongs to %(department)s and cannot audit their own department.")
            % {"name": auditor.get_full_name() or auditor.username, "department": department.name}
        )
    if errors:
        raise ValidationError(errors)


def _copy_checklist(*, audit, template, actor):
    questions = template.questions.order_by("order", "pk")
    for position, question in enumerate(questions, start=1):
        item = ChecklistItem(
            audit=audit,
            order=position,
            text=question.text,
            clause=question.clause,
            document=question.document,
        )
        _save(item, actor=actor, reason="from template")


def _audit_url(audit) -> str:
    return reverse("audits:detail", args=[audit.pk])


def _notify_plan(audit, *, actor, changed=False):
    subject = (
        gettext_lazy("Audit plan changed: %(reference)s")
        if changed
        else gettext_lazy("Audit planned in your department: %(reference)s")
    )
    message = gettext_lazy(
        "Internal audit %(reference)s (%(title)s) of %(departments)s is planned from %(start)s to %(end)s. "
        "Lead auditor: %(lead)s. Scope and criteria are in the audit plan."
    )
    context = {
        "reference": audit.reference,
        "title": audit.title,
        "departments": ", ".join(d.name for d in audit.departments.all()),
        "start": audit.planned_start.strftime("%d/%m/%Y"),
        "end": audit.planned_end.strftime("%d/%m/%Y"),
        "lead": audit.lead_auditor.get_full_name() or audit.lead_auditor.username,
    }
    for person in selectors.department_heads_of(audit):
        if person.pk != actor.pk:
            notify(
                recipient=person,
                kind="audit_planned",
                subject=subject,
                message=message,
                url=_audit_url(audit),
                context=context,
            )


@transaction.atomic
def audit_plan(
    *,
    actor,
    title: str,
    departments,
    planned_start: datetime.date,
    planned_end: datetime.date,
    lead_auditor,
    team=(),
    processes: str = "",
    clauses=(),
    documents=(),
    criteria: str = "",
    objectives: str = "",
    auditee_contacts=(),
    checklist_template=None,
) -> Audit:
    """Plan an audit: reference number, scope, team; copy the checklist; tell the auditee."""
    _require_plan_right(actor)
    if not (title or "").strip():
        raise ValidationError({"title": _("A title is required.")})
    documents_check_visible(actor, documents)
    team = [member for member in team if member != lead_auditor]
    validate_plan(
        departments=departments,
        lead_auditor=lead_auditor,
        team=team,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    audit = Audit(
        reference=_reference_next(planned_start.year),
        title=title.strip(),
        programme=AuditProgramme.objects.filter(year=planned_start.year).first(),
        processes=(processes or "").strip(),
        criteria=(criteria or "").strip(),
        objectives=(objectives or "").strip(),
        planned_start=planned_start,
        planned_end=planned_end,
        lead_auditor=lead_auditor,
        checklist_template=checklist_template,
        created_by=actor,
    )
    _save(audit, actor=actor, reason="plan")
    audit.departments.set(departments)
    audit.clauses.set(clauses)
    audit.documents.set(documents)
    audit.team.set(team)
    audit.auditee_contacts.set(auditee_contacts)
    if checklist_template is not None:
        _copy_checklist(audit=audit, template=checklist_template, actor=actor)
    _notify_plan(audit, actor=actor)
    return audit


@transaction.atomic
def audit_update_plan(
    *,
    actor,
    audit,
    title: str,
    departments,
    planned_start,
    planned_end,
    lead_auditor,
    team=(),
    processes="",
    clauses=(),
    documents=(),
    criteria="",
    objectives="",
    auditee_contacts=(),
) -> Audit:
    """Change the plan of an audit not yet started; the auditee is told again."""
    audit = _lock_audit(audit)
    if not (actor.pk == audit.lead_auditor_id or selectors.user_may_plan(actor)):
        raise PermissionDenied(_("You may not change this audit plan."))
    _require_status(audit, AuditStatus.PLANNED, message=_("Only a planned audit can be changed."))
    if not (title or "").strip():
        raise ValidationError({"title": _("A title is required.")})
    # documents already in scope stay, even those this planner cannot see
    documents_check_visible(actor, set(documents) - set(audit.documents.all()))
    team = [member for member in team if member != lead_auditor]
    validate_plan(
        departments=departments,
        lead_auditor=lead_auditor,
        team=team,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    audit.title = title.strip()
    audit.processes = (processes or "").strip()
    audit.criteria = (criteria or "").strip()
    audit.objectives = (objectives or "").strip()
    audit.planned_start = planned_start
    audit.planned_end = planned_end
    audit.lead_auditor = lead_auditor
    fields = ["title", "processes", "criteria", "objectives", "planned_start", "planned_end", "lead_auditor"]
    _save(audit, actor=actor, reason="edit plan", update_fields=fields)
    audit.departments.set(departments)
    audit.clauses.set(clauses)
    audit.documents.set(documents)
    audit.team.set(team)
    audit.auditee_contacts.set(auditee_contacts)
    _notify_plan(audit, actor=actor, changed=True)
    return audit


# --- execution -------------------------------------------------------------------------


@transaction.atomic
def audit_start(*, actor, audit) -> Audit:
    audit = _lock_audit(audit)
    rule = _check_transition(actor=actor, audit=audit, action=AuditAction.START)
    audit.status = rule.target
    audit.started_at = timezone.now()
    _save(audit, actor=actor, reason=AuditAction.START, update_fields=["status", "started_at"])
    AuditReport.objects.get_or_create(audit=audit)
    return audit


@transaction.atomic
def checklist_item_add(*, actor, audit, text: str, clause=None, document=None) -> ChecklistItem:
    """An extra question asked during the audit (planned or in progress)."""
    audit = _lock_audit(audit)
    _require_team(actor, audit)
    _require_status(
        audit,
        AuditStatus.PLANNED,
        AuditStatus.IN_PROGRESS,
        message=_("The checklist of a reported audit is closed."),
    )
    documents_check_visible(actor, [document], field="document")
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the question.")})
    last = audit.checklist.order_by("-order").values_list("order", flat=True).first() or 0
    item = ChecklistItem(audit=audit, order=last + 1, text=text.strip(), clause=clause, document=document)
    _save(item, actor=actor, reason="add question")
    return item


@transaction.atomic
def checklist_item_answer(*, actor, item, result: str, evidence: str = "") -> ChecklistItem:
    """Record one answer; the other answers of the checklist are untouched."""
    item = ChecklistItem.objects.select_for_update().select_related("audit").get(pk=item.pk)
    _require_team(actor, item.audit)
    _require_status(
        item.audit, AuditStatus.IN_PROGRESS, message=_("Answers are recorded while the audit is in progress.")
    )
    if result not in ChecklistItem.Result.values:
        raise ValidationError(
            {"result": _("Choose conforming, nonconforming, observation or not applicable.")}
        )
    item.result = result
    item.evidence = (evidence or "").strip()
    item.answered_by = actor
    item.answered_at = timezone.now()
    _save(
        item, actor=actor, reason="answer", update_fields=["result", "evidence", "answered_by", "answered_at"]
    )
    return item


@transaction.atomic
def evidence_attach(*, actor, item, uploaded) -> EvidenceFile:
    """Attach a photo or file to an answer, checked by content, stored under a unique name."""
    item = ChecklistItem.objects.select_for_update().select_related("audit").get(pk=item.pk)
    _require_team(actor, item.audit)
    _require_status(
        item.audit, AuditStatus.IN_PROGRESS, message=_("Evidence is attached while the audit is in progress.")
    )
    try:
        checked = check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    evidence = EvidenceFile(
        item=item,
        original_filename=checked.original_filename,
        content_type=checked.content_type,
        size=checked.size,
        checksum=checked.checksum,
        uploaded_by=actor,
    )
    evidence.file.save(checked.original_filename, uploaded, save=False)
    evidence.save()
    return evidence


# --- findings --------------------------------------------------------------------------


@transaction.atomic
def finding_record(
    *,
    actor,
    audit,
    category: str,
    clause,
    department,
    statement: str,
    evidence: str,
    checklist_item=None,
    corrects=None,
) -> Finding:
    """Record a finding while the audit runs. Once the audit is reported, a finding can
    only be recorded as the correction of an earlier one, and is frozen at once."""
    audit = _lock_audit(audit)
    _require_team(actor, audit)
    if audit.status == AuditStatus.PLANNED:
        raise AuditTransitionError(_("Start the audit before recording findings."))
    if audit.status in FROZEN_STATUSES and corrects is None:
        raise AuditTransitionError(
            _("The audit is reported: its findings are fixed. Record a correction of a finding instead.")
        )
    _finding_check(
        audit,
        category=category,
        clause=clause,
        department=department,
        statement=statement,
        evidence=evidence,
        checklist_item=checklist_item,
        corrects=corrects,
    )
    last = audit.findings.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    finding = Finding(
        audit=audit,
        sequence=last + 1,
        category=category,
        clause=clause,
        department=department,
        statement=statement.strip(),
        evidence=evidence.strip(),
        checklist_item=checklist_item,
        corrects=corrects,
        frozen=audit.status in FROZEN_STATUSES,
        created_by=actor,
    )
    _save(finding, actor=actor, reason="correction" if corrects else "record")
    return finding


def _finding_check(audit, *, category, clause, department, statement, evidence, checklist_item, corrects):
    """Every field error of a new finding at once (ValidationError)."""
    errors = {}
    if category not in Finding.Category.values:
        errors["category"] = [_("Choose the kind of finding.")]
    if clause is None:
        errors["clause"] = [_("Choose the ISO 9001 clause.")]
    if department is None or not audit.departments.filter(pk=department.pk).exists():
        errors["department"] = [_("Choose one of the audited departments.")]
    if not (statement or "").strip():
        errors["statement"] = [_("State the finding.")]
    if not (evidence or "").strip():
        errors["evidence"] = [_("Record the audit evidence.")]
    if corrects is not None and (corrects.audit_id != audit.pk or corrects.corrections.exists()):
        errors["corrects"] = [_("Choose a current finding of this audit to correct.")]
    if checklist_item is not None and checklist_item.audit_id != audit.pk:
        errors["checklist_item"] = [_("That question belongs to another audit.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def finding_update(*, actor, finding, **changes) -> Finding:
    finding = Finding.objects.select_for_update().select_related("audit").get(pk=finding.pk)
    _require_team(actor, finding.audit)
    if finding.frozen or finding.audit.status != AuditStatus.IN_PROGRESS:
        raise AuditTransitionError(_("The audit is reported: this finding can no longer be changed."))
    allowed = {"category", "clause", "department", "statement", "evidence"}
    for name, value in changes.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(finding, name, value.strip() if isinstance(value, str) else value)
    if not finding.audit.departments.filter(pk=finding.department_id).exists():
        raise ValidationError({"department": _("Choose one of the audited departments.")})
    if finding.category not in Finding.Category.values:
        raise ValidationError({"category": _("Choose the kind of finding.")})
    if not finding.statement or not finding.evidence:
        raise ValidationError({"statement": _("State the finding and its evidence.")})
    _save(finding, actor=actor, reason="edit", update_fields=sorted(changes))
    return finding


@transaction.atomic
def finding_delete(*, actor, finding) -> None:
    finding = Finding.objects.select_for_update().select_related("audit").get(pk=finding.pk)
    _require_team(actor, finding.audit)
    if finding.frozen or finding.audit.status != AuditStatus.IN_PROGRESS:
        raise AuditTransitionError(_("The audit is reported: this finding can never be deleted."))
    if selectors.nonconformity_of(finding) is not None:
        raise AuditTransitionError(_("A nonconformity record was opened from this finding; it stays."))
    finding._history_user = actor
    finding.delete()


def finding_open_nonconformity(*, actor, finding):
    """Open the nonconformity record of a major or minor nonconformity finding, in one step."""
    open_record = hooks.finding_nc_opener()
    if open_record is None or not selectors.nonconformity_link_ready():
        raise AuditTransitionError(_("Nonconformity records are not available in this installation."))
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("audit").get(pk=finding.pk)
        if not (selectors.user_is_audit_team(actor, finding.audit) or selectors.user_sees_all_audits(actor)):
            raise PermissionDenied(_("You may not do this."))
        if not finding.is_nonconformity:
            raise AuditTransitionError(_("Only a nonconformity finding opens a nonconformity record."))
        if finding.corrections.exists():
            raise AuditTransitionError(_("This finding was corrected; open the record from the correction."))
        if selectors.nonconformity_of(finding) is not None:
            raise AuditTransitionError(_("This finding already has its nonconformity record."))
        return open_record(actor=actor, finding=finding)


# --- report ----------------------------------------------------------------------------


@transaction.atomic
def report_save_draft(*, actor, audit, summary: str, conclusion: str) -> AuditReport:
    audit = _lock_audit(audit)
    _require_team(actor, audit)
    _require_status(
        audit, AuditStatus.IN_PROGRESS, message=_("The report is written while the audit is in progress.")
    )
    report, _created = AuditReport.objects.select_for_update().get_or_create(audit=audit)
    report.summary = (summary or "").strip()
    report.conclusion = (conclusion or "").strip()
    _save(report, actor=actor, reason="draft", update_fields=["summary", "conclusion"])
    return report


def report_issue(*, actor, audit, password: str, summary=None, conclusion=None) -> AuditReport:
    """The lead auditor signs and issues the report: the audit becomes reported, its
    findings and report freeze, the PDF is rendered and stored, the auditee is told.

    The password is checked first, outside the transaction, so a failed attempt is
    recorded (signing lockout) even though nothing is issued.
    """
    audit = Audit.objects.get(pk=audit.pk)
    _check_transition(actor=actor, audit=audit, action=AuditAction.ISSUE_REPORT)
    signing_authenticate(user=actor, password=password, purpose=f"audit report {audit.reference}")
    return _report_issue(actor=actor, audit=audit, summary=summary, conclusion=conclusion)


@transaction.atomic
def _report_issue(*, actor, audit, summary, conclusion) -> AuditReport:
    audit = _lock_audit(audit)
    rule = _check_transition(actor=actor, audit=audit, action=AuditAction.ISSUE_REPORT)
    report, _created = AuditReport.objects.select_for_update().get_or_create(audit=audit)
    if summary is not None:
        report.summary = summary.strip()
    if conclusion is not None:
        report.conclusion = conclusion.strip()
    errors = {}
    if not report.summary:
        errors["summary"] = [_("Write the summary before issuing the report.")]
    if not report.conclusion:
        errors["conclusion"] = [_("Write the conclusion before issuing the report.")]
    if errors:
        raise ValidationError(errors)
    for finding in Finding.objects.select_for_update().filter(audit=audit, frozen=False).order_by("pk"):
        finding.frozen = True
        _save(finding, actor=actor, reason="report issued", update_fields=["frozen"])
    audit.status = rule.target
    _save(audit, actor=actor, reason=AuditAction.ISSUE_REPORT, update_fields=["status"])
    report.issued_by = actor
    report.issued_at = timezone.now()
    report.signature_meaning = "issued by the lead auditor"
    from audits.report import report_pdf

    pdf = report_pdf(audit=audit, report=report)
    report.pdf_checksum = sha256_of(ContentFile(pdf))
    report.pdf.save(f"{audit.reference}.pdf", ContentFile(pdf), save=False)
    _save(report, actor=actor, reason="issue")
    context = {"reference": audit.reference, "title": audit.title}
    for person in selectors.department_heads_of(audit):
        notify(
            recipient=person,
            kind="audit_reported",
            subject=gettext_lazy("Audit report issued: %(reference)s"),
            message=gettext_lazy(
                "The report of internal audit %(reference)s (%(title)s) has been issued. "
                "Please review its findings and answer the nonconformities."
            ),
            url=_audit_url(audit),
            context=context,
        )
    return report


@transaction.atomic
def audit_close(*, actor, audit) -> Audit:
    """Close a reported audit; every nonconformity finding needs its nonconformity record."""
    audit = _lock_audit(audit)
    rule = _check_transition(actor=actor, audit=audit, action=AuditAction.CLOSE)
    missing = selectors.findings_missing_nonconformity(audit)
    if missing:
        raise AuditTransitionError(
            _("Open a nonconformity record for each nonconformity finding before closing: %(refs)s.")
            % {"refs": ", ".join(f.reference for f in missing)}
        )
    audit.status = rule.target
    audit.closed_at = timezone.now()
    _save(audit, actor=actor, reason=AuditAction.CLOSE, update_fields=["status", "closed_at"])
    return audit


# --- clause traceability ---------------------------------------------------------------


@transaction.atomic
def clause_document_set(*, actor, document, clauses) -> list:
    """Map ``document`` to exactly ``clauses`` (ISO 9001 clause traceability). QMS officers
    only, on a document they can see; mappings removed and added are kept in history."""
    from audits.models import ClauseDocument
    from documents.permissions import user_is_officer

    if not user_is_officer(actor):
        raise PermissionDenied(_("Only QMS officers map documents to ISO 9001 clauses."))
    documents_check_visible(actor, [document], field="clauses")
    wanted = {clause.pk for clause in clauses}
    current = {
        link.clause_id: link for link in ClauseDocument.objects.select_for_update().filter(document=document)
    }
    for clause_id in sorted(set(current) - wanted):
        link = current[clause_id]
        link._history_user = actor
        link._change_reason = "unmap"
        link.delete()
    for clause_id in sorted(wanted - set(current)):
        _save(
            ClauseDocument(clause_id=clause_id, document=document, created_by=actor),
            actor=actor,
            reason="map",
        )
    return sorted(wanted)
