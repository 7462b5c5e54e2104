"""Reads. UI, API, file downloads and the PDF all fetch audits through here.

Who sees what (one rule, ``audit_visible_q``): auditors and QMS officers (the
``view_all_audits`` permission) see every audit; the lead auditor and team see
theirs; members of an audited department (the auditee) see that audit's plan,
findings and report, but not the auditors' working checklist; everyone else sees
nothing. Missing and forbidden both answer 404.
"""

import datetime
from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Prefetch, Q
from django.http import Http404

from audits.models import (
    Audit,
    AuditorQualification,
    AuditProgramme,
    ChecklistItem,
    ChecklistTemplate,
    Clause,
    EvidenceFile,
    Finding,
    ProgrammeItem,
)
from audits.workflow import AuditStatus
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus
from organisation.models import Department
from organisation.roles import Role


def user_may_plan(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("audits.plan_audit")


def user_sees_all_audits(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("audits.view_all_audits")


def audit_visible_q(user) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.has_perm("audits.view_all_audits"):
        return Q()
    as_auditee = Audit.objects.filter(departments__group__user=user).values("pk")
    as_auditor = Audit.objects.filter(Q(lead_auditor=user) | Q(team=user)).values("pk")
    return Q(pk__in=as_auditee) | Q(pk__in=as_auditor)


def user_has_audits(user) -> bool:
    """For the menu: does the user see any audit at all (or may plan one)?"""
    if user_may_plan(user) or user_sees_all_audits(user):
        return True
    return user.is_authenticated and Audit.objects.filter(audit_visible_q(user)).exists()


def user_has_audits_expression(user):
    """``user_has_audits`` as True or an EXISTS, for the menu's one query (qms.ui.ask)."""
    if user_may_plan(user) or user_sees_all_audits(user):
        return True
    if not user.is_authenticated:
        return False
    return Exists(Audit.objects.filter(audit_visible_q(user)))


def audit_list_visible_to(user, *, year=None, status=None, department=None):
    audits = Audit.objects.filter(audit_visible_q(user))
    if year:
        audits = audits.filter(planned_start__year=year)
    if status:
        audits = audits.filter(status=status)
    if department:
        audits = audits.filter(departments=department)
    return (
        audits.select_related("lead_auditor")
        .prefetch_related("departments")
        .annotate(finding_count=Count("findings", distinct=True))
        .order_by("-planned_start", "-pk")
    )


def audit_get_for_user(user, pk) -> Audit:
    try:
        return (
            Audit.objects.filter(audit_visible_q(user))
            .select_related("lead_auditor", "programme", "checklist_template", "created_by")
            .prefetch_related("departments__head", "clauses", "documents", "team", "auditee_contacts")
            .get(pk=pk)
        )
    except (Audit.DoesNotExist, ValueError, TypeError):
        raise Http404("No such audit.") from None


def user_is_audit_team(user, audit) -> bool:
    """Lead auditor or team member of this audit (who may run it)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.pk == audit.lead_auditor_id or audit.team.filter(pk=user.pk).exists()


def user_may_see_checklist(user, audit) -> bool:
    """The checklist and its evidence are the auditors' working papers, not the auditee's."""
    return user_sees_all_audits(user) or user_is_audit_team(user, audit)


def checklist_for(audit):
    return (
        audit.checklist.select_related("clause", "document", "answered_by")
        .prefetch_related("files")
        .order_by("order", "pk")
    )


def checklist_item_get_for_user(user, pk) -> ChecklistItem:
    try:
        item = ChecklistItem.objects.select_related("audit", "clause", "document").get(pk=pk)
    except (ChecklistItem.DoesNotExist, ValueError, TypeError):
        raise Http404("No such checklist item.") from None
    audit = audit_get_for_user(user, item.audit_id)
    if not user_may_see_checklist(user, audit):
        raise Http404("No such checklist item.")
    return item


def evidence_file_get_for_user(user, pk) -> EvidenceFile:
    """An evidence file, only for those who may read the audit's checklist."""
    try:
        evidence = EvidenceFile.objects.select_related("item__audit").get(pk=pk)
    except (EvidenceFile.DoesNotExist, ValueError, TypeError):
        raise Http404("No such file.") from None
    checklist_item_get_for_user(user, evidence.item_id)
    return evidence


def finding_list_for(audit):
    return (
        audit.findings.select_related("clause", "department", "created_by", "corrects", "audit")
        .prefetch_related("corrections")
        .order_by("sequence")
    )


def finding_get_for_user(user, pk) -> Finding:
    try:
        finding = Finding.objects.select_related("audit", "clause", "department").get(pk=pk)
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise Http404("No such finding.") from None
    audit_get_for_user(user, finding.audit_id)
    return finding


def current_findings(audit):
    """Findings not replaced by a correction: the ones the report and closure count."""
    return audit.findings.filter(corrections__isnull=True)


def findings_missing_nonconformity(audit) -> list[Finding]:
    """Current nonconformity findings that have no nonconformity record yet."""
    findings = current_findings(audit).filter(category__in=Finding.NONCONFORMITIES)
    if nonconformity_link_ready():
        findings = findings.filter(nonconformity__isnull=True)
    return list(findings.order_by("sequence"))


def nonconformity_link_ready() -> bool:
    """True once the nonconformities app is installed and links its records to findings."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if not apps.is_installed("nonconformities"):
        return False
    try:
        Finding._meta.get_field("nonconformity")
    except FieldDoesNotExist:
        return False
    return True


def nonconformity_of(finding):
    """The nonconformity record opened from a finding, or None (also when the app is absent)."""
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(finding, "nonconformity", None)


def findings_by_clause_and_department(findings) -> list[dict]:
    """Findings grouped by clause, then department, for the report."""
    grouped: dict = defaultdict(lambda: defaultdict(list))
    clauses = {}
    for finding in findings:
        clauses[finding.clause.sort_key] = finding.clause
        grouped[finding.clause.sort_key][finding.department.code].append(finding)
    return [
        {
            "clause": clauses[key],
            "departments": [
                {"department": items[0].department, "findings": items}
                for _code, items in sorted(grouped[key].items())
            ],
        }
        for key in sorted(grouped)
    ]


def finding_counts(findings) -> dict[str, int]:
    counts = Counter(f.category for f in findings)
    return {category: counts.get(category, 0) for category in Finding.Category.values}


def versions_effective_on(document_ids, date: datetime.date) -> dict:
    """The version of each controlled document that was in force on ``date``, in one
    query: {document_id: version}, the latest effective or superseded version whose
    effective date is on or before it (documents with none are left out)."""
    found = {}
    if not document_ids or date is None:
        return found
    versions = DocumentVersion.objects.filter(
        document_id__in=set(document_ids),
        status__in=[DocumentStatus.EFFECTIVE, DocumentStatus.SUPERSEDED],
        effective_date__lte=date,
    ).order_by("document_id", "-effective_date", "-revision")
    for version in versions:
        found.setdefault(version.document_id, version)
    return found


def auditor_candidates():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.AUDITOR)
        .select_related("auditor_qualification")
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def unqualified_auditors(users) -> list:
    """Of the given users, those without a record saying they are qualified."""
    ids = [user.pk for user in users]
    qualified = set(
        AuditorQualification.objects.filter(auditor_id__in=ids, qualified=True).values_list(
            "auditor_id", flat=True
        )
    )
    return [user for user in users if user.pk not in qualified]


def impartiality_conflicts(*, departments, auditors) -> list[tuple]:
    """(auditor, department) pairs where the auditor belongs to the audited department."""
    dept_ids = [d.pk for d in departments]
    auditor_ids = {u.pk for u in auditors if u is not None}
    if not dept_ids or not auditor_ids:
        return []
    pairs = Department.objects.filter(pk__in=dept_ids, group__user__in=auditor_ids).values_list(
        "pk", "group__user"
    )
    by_id = {u.pk: u for u in auditors if u is not None}
    depts = {d.pk: d for d in departments}
    return sorted(((by_id[u], depts[d]) for d, u in pairs), key=lambda p: (p[1].code, p[0].username))


def qualification_list():
    return auditor_candidates()


def programme_list():
    return AuditProgramme.objects.annotate(item_count=Count("items")).order_by("-year")


def programme_get(year) -> AuditProgramme:
    try:
        return AuditProgramme.objects.prefetch_related(Prefetch("items", queryset=_programme_items())).get(
            year=year
        )
    except (AuditProgramme.DoesNotExist, ValueError, TypeError):
        raise Http404("No such programme.") from None


def _programme_items():
    from audits.models import ProgrammeItem

    return (
        ProgrammeItem.objects.select_related("department")
        .prefetch_related("clauses")
        .order_by("department__code", "process", "pk")
    )


def checklist_template_list():
    return ChecklistTemplate.objects.annotate(question_count=Count("questions")).order_by("title")


def checklist_template_get(pk) -> ChecklistTemplate:
    try:
        return ChecklistTemplate.objects.get(pk=pk)
    except (ChecklistTemplate.DoesNotExist, ValueError, TypeError):
        raise Http404("No such checklist.") from None


def top_clauses():
    return Clause.objects.filter(parent__isnull=True).order_by("sort_key")


class CoverageState:
    AUDITED = "audited"
    PLANNED = "planned"
    NOT_COVERED = "not_covered"


def coverage_matrix(year: int) -> dict:
    """For the year: per department (rows) and top-level clause 4..10 (columns), how many
    audits the programme requires, how many are planned or running, how many were
    reported; and the state of each cell:

    - ``audited``: reported/closed audits reach the required number (at least one);
    - ``planned``: some audit is planned, running or done, but fewer than required;
    - ``not_covered``: the programme requires it and no audit covers it yet;
    - ``None``: not in the programme and not audited.

    An audit covers (department, clause) when the department is in its scope and one of
    its clauses lies under that top-level clause; an audit without clauses covers all.
    """
    columns = list(top_clauses())
    top_numbers = [c.number for c in columns]
    programme = AuditProgramme.objects.filter(year=year).first()
    required = _required_per_cell(programme, top_numbers)
    planned, audited = _audits_per_cell(year, top_numbers)
    dept_ids = {key[0] for key in required} | {key[0] for key in planned} | {key[0] for key in audited}
    rows = []
    totals = Counter()
    for department in Department.objects.filter(pk__in=dept_ids).order_by("code"):
        cells = []
        for top in top_numbers:
            key = (department.pk, top)
            need, plan, done = required[key], planned[key], audited[key]
            state = _coverage_state(need, plan, done)
            if state:
                totals[state] += 1
            cells.append({"clause": top, "required": need, "planned": plan, "audited": done, "state": state})
        rows.append({"department": department, "cells": cells})
    return {
        "year": year,
        "programme": programme,
        "clauses": columns,
        "rows": rows,
        "totals": {
            state: totals[state]
            for state in (CoverageState.AUDITED, CoverageState.PLANNED, CoverageState.NOT_COVERED)
        },
    }


def _coverage_state(need: int, plan: int, done: int) -> str | None:
    if done and done >= max(need, 1):
        return CoverageState.AUDITED
    if plan or done:
        return CoverageState.PLANNED
    if need:
        return CoverageState.NOT_COVERED
    return None


def _top_clauses_of(through_rows) -> defaultdict:
    """{owner id: top-level clause numbers} from (owner id, clause number) rows."""
    tops = defaultdict(set)
    for owner_id, number in through_rows:
        tops[owner_id].add(number.split(".")[0])
    return tops


# Both counts read plain rows from the join tables, no model instances: they stay fast at
# thousands of audits. An item or audit without clauses covers every top-level clause.


def _required_per_cell(programme, top_numbers) -> Counter:
    """{(department id, top clause): audits the programme requires}."""
    required: Counter = Counter()
    if programme is None:
        return required
    item_tops = _top_clauses_of(
        ProgrammeItem.clauses.through.objects.filter(programmeitem__programme=programme).values_list(
            "programmeitem_id", "clause__number"
        )
    )
    for item_id, department_id, frequency in programme.items.values_list("pk", "department_id", "frequency"):
        for top in item_tops[item_id] or top_numbers:
            required[(department_id, top)] = max(required[(department_id, top)], frequency)
    return required


def _audits_per_cell(year: int, top_numbers) -> tuple[Counter, Counter]:
    """{(department id, top clause): audits} of the year, not yet reported and reported."""
    in_year = {"audit__planned_start__year": year}
    audit_tops = _top_clauses_of(
        Audit.clauses.through.objects.filter(**in_year).values_list("audit_id", "clause__number")
    )
    status_of = dict(Audit.objects.filter(planned_start__year=year).values_list("pk", "status"))
    planned: Counter = Counter()
    audited: Counter = Counter()
    done_statuses = (AuditStatus.REPORTED, AuditStatus.CLOSED)
    for audit_id, department_id in Audit.departments.through.objects.filter(**in_year).values_list(
        "audit_id", "department_id"
    ):
        counter = audited if status_of.get(audit_id) in done_statuses else planned
        for top in audit_tops[audit_id] or top_numbers:
            counter[(department_id, top)] += 1
    return planned, audited


def department_heads_of(audit) -> list:
    """Who is told about the audit: the audited departments' heads and the auditee contacts."""
    people = {}
    for department in audit.departments.select_related("head"):
        if department.head is not None and department.head.is_active:
            people[department.head.pk] = department.head
    for contact in audit.auditee_contacts.all():
        if contact.is_active:
            people[contact.pk] = contact
    return list(people.values())


def clause_list():
    return Clause.objects.order_by("sort_key")


def clauses_of_document(document):
    """The clauses a document is mapped to (clause traceability)."""
    return Clause.objects.filter(document_links__document=document).order_by("sort_key")


AUDIT_DONE_STATUSES = (AuditStatus.REPORTED, AuditStatus.CLOSED)


def audit_year_figures(user, year: int) -> dict:
    """The coverage page's charts, over the audits the user may see for the year:
    audits per month of their planned start (done / still to do), audits per audited
    department (done / still to do) and findings per category. Three GROUP BY queries."""
    audits = Audit.objects.filter(audit_visible_q(user), planned_start__year=year)
    done = Q(status__in=AUDIT_DONE_STATUSES)
    per_month = {
        row["planned_start__month"]: row
        for row in audits.order_by()
        .values("planned_start__month")
        .annotate(done=Count("pk", filter=done), pending=Count("pk", filter=~done))
    }
    months = []
    for month in range(1, 13):
        start = datetime.date(year, month, 1)
        end = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        row = per_month.get(month, {})
        months.append(
            {"month": start, "end": end, "done": row.get("done", 0), "pending": row.get("pending", 0)}
        )
    per_department = list(
        Department.objects.filter(audits__in=audits)
        .order_by("code")
        .values("pk", "code", "name")
        .annotate(
            done=Count("audits", filter=Q(audits__status__in=AUDIT_DONE_STATUSES), distinct=True),
            pending=Count("audits", filter=~Q(audits__status__in=AUDIT_DONE_STATUSES), distinct=True),
        )
    )
    findings = dict(
        Finding.objects.filter(audit__in=audits)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    return {
        "months": months,
        "departments": per_department,
        "findings": [(value, label, findings.get(value, 0)) for value, label in Finding.Category.choices],
        "total": audits.count(),
    }


def checklist_progress(audit) -> dict:
    """{"answered": n, "total": m} for the checklist's counter (one query)."""
    return audit.checklist.aggregate(answered=Count("pk", filter=~Q(result="")), total=Count("pk"))
