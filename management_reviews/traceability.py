"""Clause traceability and readiness (reads): ISO 9001 clause -> documents in force,
audits that covered it, findings, nonconformities, risks, objectives and review decisions.

A clause collects what is mapped to it *and to its sub-clauses* (a procedure mapped to
7.5.3 counts under 7.5 and 7). Every figure is one grouped query for all clauses, rolled
up here over the clause tree, so the page costs the same whatever the number of records.
Documents are listed only as the visibility rule allows (documents.selectors): a
confidential document is never named to someone who may not see it.

Readiness: the clauses a certification auditor asks about first —
- no document in force mapped to the clause or its sub-clauses,
- not covered by an audit carried out in the last 12 months,
- an open major nonconformity against it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from audits.models import Audit, Clause, ClauseDocument, Finding
from audits.workflow import AuditStatus
from documents.selectors import version_list_visible_to
from documents.workflow import DocumentStatus
from management_reviews.models import ReviewDecision
from nonconformities.models import Nonconformity
from nonconformities.workflow import NonconformityStatus

AUDIT_WINDOW_DAYS = 365


@dataclass
class ClauseRow:
    clause: Clause
    depth: int
    documents: list = field(default_factory=list)  # (pk, number, title) visible to the user
    last_audit: datetime.date | None = None
    audits_recent: int = 0
    findings: dict = field(default_factory=lambda: defaultdict(int))  # category -> count
    ncs_open: int = 0
    ncs_open_major: int = 0
    risks: int | None = None
    objectives: int | None = None
    decisions: int = 0

    @property
    def no_document(self) -> bool:
        return not self.documents

    @property
    def not_audited(self) -> bool:
        return self.audits_recent == 0

    @property
    def ready(self) -> bool:
        return not (self.no_document or self.not_audited or self.ncs_open_major)

    @property
    def findings_nc(self) -> int:
        return self.findings.get(Finding.Category.MAJOR_NC, 0) + self.findings.get(
            Finding.Category.MINOR_NC, 0
        )


def _owners(number: str, numbers: set[str]) -> list[str]:
    """The clause itself and each of its ancestors present in the tree ("7.5.3" -> 7.5.3, 7.5, 7)."""
    parts = number.split(".")
    return [n for n in (".".join(parts[:i]) for i in range(len(parts), 0, -1)) if n in numbers]


class _Matrix:
    """Rows per clause, and ``add(number, apply)`` applying a figure to the clause and to
    each of its ancestors."""

    def __init__(self, clauses):
        self.clauses = clauses
        self.rows = {c.number: ClauseRow(clause=c, depth=c.number.count(".")) for c in clauses}
        self.numbers = set(self.rows)
        self.by_id = {c.pk: c.number for c in clauses}

    def add(self, number, apply):
        for owner in _owners((number or "").strip().rstrip("."), self.numbers):
            apply(self.rows[owner])

    def documents(self, user):
        """Documents in force the user may see (one query)."""
        visible_effective = version_list_visible_to(user).filter(status=DocumentStatus.EFFECTIVE)
        links = (
            ClauseDocument.objects.filter(document_id__in=visible_effective.values("document_id"))
            .values_list("clause_id", "document_id", "document__number", "document__title")
            .order_by("document__number")
        )
        for clause_id, *doc in links:
            self.add(
                self.by_id[clause_id], lambda r, doc=tuple(doc): doc in r.documents or r.documents.append(doc)
            )

    def audits(self, since):
        """Audits carried out: the last date and how many in the window (an audit counted
        once per clause). An audit with no clause listed covers every clause, as its report
        says ("All clauses")."""
        audit_ids = defaultdict(set)
        rows = Audit.objects.exclude(status=AuditStatus.PLANNED).values_list(
            "pk", "clauses__number", "planned_start"
        )
        for pk, number, start in rows.order_by():
            targets = self.numbers if number is None else _owners(number, self.numbers)
            for owner in targets:
                row = self.rows[owner]
                row.last_audit = max(filter(None, [row.last_audit, start]))
                if start >= since and pk not in audit_ids[owner]:
                    audit_ids[owner].add(pk)
                    row.audits_recent += 1

    def findings(self):
        """Current findings (a corrected one counts through its correction) by category."""
        rows = (
            Finding.objects.filter(corrections__isnull=True)
            .values_list("clause__number", "category")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for number, category, n in rows:
            self.add(
                number,
                lambda r, category=category, n=n: r.findings.__setitem__(category, r.findings[category] + n),
            )

    def nonconformities(self):
        """Open nonconformities by the clause typed on them."""
        open_q = ~Q(status=NonconformityStatus.CLOSED)
        rows = (
            Nonconformity.objects.exclude(iso_clause="")
            .values_list("iso_clause")
            .annotate(
                n_open=Count("pk", filter=open_q),
                n_major=Count("pk", filter=open_q & Q(severity=Nonconformity.Severity.MAJOR)),
            )
            .order_by()
        )
        for number, n_open, n_major in rows:

            def apply(r, n_open=n_open, n_major=n_major):
                r.ncs_open += n_open
                r.ncs_open_major += n_major

            self.add(number, apply)

    def decisions(self):
        rows = (
            ReviewDecision.objects.filter(clause__isnull=False)
            .values_list("clause__number")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for number, n in rows:
            self.add(number, lambda r, n=n: setattr(r, "decisions", r.decisions + n))


def clause_matrix(user, *, today: datetime.date | None = None) -> list[ClauseRow]:
    """Every clause with its evidence; a fixed number of queries whatever the records."""
    today = today or timezone.localdate()
    matrix = _Matrix(list(Clause.objects.order_by("sort_key")))
    matrix.documents(user)
    matrix.audits(today - datetime.timedelta(days=AUDIT_WINDOW_DAYS))
    matrix.findings()
    matrix.nonconformities()
    matrix.decisions()
    _risks_and_objectives(matrix.rows, matrix.add)
    return [matrix.rows[c.number] for c in matrix.clauses]


def _risks_and_objectives(rows, add) -> None:
    """Risks and objectives count per clause when their registers record a clause."""
    for app_label, model_name, attr in (
        ("risks", "Risk", "risks"),
        ("objectives", "Objective", "objectives"),
    ):
        if not apps.is_installed(app_label):
            continue
        model = apps.get_model(app_label, model_name)
        clause_field = next((f for f in ("clause", "iso_clause") if _has_field(model, f)), None)
        if clause_field is None:
            continue
        for row in rows.values():
            setattr(row, attr, 0)
        lookup = "clause__number" if clause_field == "clause" else "iso_clause"
        for number, n in (
            model.objects.exclude(**{f"{lookup}__isnull": True})
            .values_list(lookup)
            .annotate(n=Count("pk"))
            .order_by()
        ):
            add(number or "", lambda r, n=n, attr=attr: setattr(r, attr, getattr(r, attr) + n))


def _has_field(model, name) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return False
    return True


def readiness(user, *, today: datetime.date | None = None) -> list[ClauseRow]:
    """The clauses that are not ready, in clause order."""
    return [row for row in clause_matrix(user, today=today) if not row.ready]
