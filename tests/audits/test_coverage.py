import datetime

import pytest

from audits import selectors, services
from audits.models import Audit, AuditProgramme, ProgrammeItem
from tests.audits.factories import clause, make_audit, qualified_auditor
from tests.documents.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _cells(matrix):
    return {
        (row["department"].code, cell["clause"]): (
            cell["state"],
            cell["required"],
            cell["planned"],
            cell["audited"],
        )
        for row in matrix["rows"]
        for cell in row["cells"]
    }


def _audit(lead, department, clauses, *, status="planned", year=2026):
    audit = make_audit(lead=lead, departments=[department], clauses=clauses, start=datetime.date(year, 4, 1))
    Audit.objects.filter(pk=audit.pk).update(status=status)
    return audit


def test_suggested_frequency_depends_on_importance_and_past_results():
    assert ProgrammeItem.suggested_frequency("low", "conforming") == 1
    assert ProgrammeItem.suggested_frequency("high", "not_audited") == 2
    assert ProgrammeItem.suggested_frequency("medium", "minor_nc") == 2
    assert ProgrammeItem.suggested_frequency("high", "major_nc") == 4


def test_coverage_matrix_counts_planned_audited_and_not_covered():
    # given: a programme for 2026 covering A (7.5 and 8.1, high importance: twice) and B (all clauses, once)
    lead = qualified_auditor()
    a, b, c = DepartmentFactory(code="A"), DepartmentFactory(code="B"), DepartmentFactory(code="C")
    programme = services.programme_create(actor=lead, year=2026)
    item_a = services.programme_item_add(
        actor=lead,
        programme=programme,
        department=a,
        clauses=[clause("7.5"), clause("8.1")],
        importance="high",
        past_result="not_audited",
    )
    services.programme_item_add(
        actor=lead, programme=programme, department=b, importance="medium", past_result="conforming"
    )
    assert item_a.frequency == 2
    # and audits: A/7.5 reported twice, A/8.1 planned, B/9.2 running, C/4.1 reported (outside the programme),
    # B/10 in 2027 (another year)
    _audit(lead, a, ["7.5"], status="reported")
    _audit(lead, a, ["7.5.3"], status="closed")
    _audit(lead, a, ["8.1"])
    _audit(lead, b, ["9.2"], status="in_progress")
    _audit(lead, c, ["4.1"], status="reported")
    _audit(lead, b, ["10.2"], status="reported", year=2027)
    # when
    matrix = selectors.coverage_matrix(2026)
    cells = _cells(matrix)
    # then
    assert [c.number for c in matrix["clauses"]] == ["4", "5", "6", "7", "8", "9", "10"]
    assert [row["department"].code for row in matrix["rows"]] == ["A", "B", "C"]
    assert cells[("A", "7")] == ("audited", 2, 0, 2)
    assert cells[("A", "8")] == ("planned", 2, 1, 0)
    assert cells[("A", "4")] == (None, 0, 0, 0)
    assert cells[("B", "9")] == ("planned", 1, 1, 0)
    assert cells[("B", "10")] == ("not_covered", 1, 0, 0)
    assert cells[("C", "4")] == ("audited", 0, 0, 1)
    assert matrix["totals"] == {"audited": 2, "planned": 2, "not_covered": 6}


def test_one_audit_of_two_required_is_still_only_planned():
    # given
    lead = qualified_auditor()
    a = DepartmentFactory(code="A")
    programme = AuditProgramme.objects.create(year=2026, created_by=lead)
    services.programme_item_add(
        actor=lead,
        programme=programme,
        department=a,
        clauses=[clause("7.5")],
        importance="high",
        past_result="conforming",
    )
    _audit(lead, a, ["7.5"], status="reported")
    # when
    cells = _cells(selectors.coverage_matrix(2026))
    # then
    assert cells[("A", "7")] == ("planned", 2, 0, 1)


def test_an_audit_without_clauses_covers_every_clause_of_its_departments():
    lead = qualified_auditor()
    a = DepartmentFactory(code="A")
    _audit(lead, a, [], status="reported")
    matrix = selectors.coverage_matrix(2026)
    assert matrix["totals"] == {"audited": 7, "planned": 0, "not_covered": 0}
