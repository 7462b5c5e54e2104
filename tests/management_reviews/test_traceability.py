"""Clause traceability and readiness: roll-up to parent clauses, the three readiness rules,
the visibility rule for confidential documents, the mapping form, CSV and PDF exports."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audits.services import clause_document_set
from documents.workflow import DocumentStatus
from management_reviews import traceability
from nonconformities.models import Nonconformity
from tests.audits.factories import clause, make_audit
from tests.documents.factories import make_document
from tests.management_reviews.factories import head
from tests.nonconformities.factories import Cast, report

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def world(db):
    cast = Cast()
    officer = cast.officer
    procedure = make_document(
        officer=officer, title="Quy trình kiểm soát tài liệu", status=DocumentStatus.EFFECTIVE
    )
    secret = make_document(
        officer=officer, title="Quy trình mật", status=DocumentStatus.EFFECTIVE, confidential=True
    )
    clause_document_set(actor=officer, document=procedure, clauses=[clause("7.5.3")])
    clause_document_set(actor=officer, document=secret, clauses=[clause("8.1")])
    make_audit(status="in_progress", clauses=("7.5",), start=datetime.date(2026, 3, 10))
    make_audit(status="in_progress", clauses=("8.2",), start=datetime.date(2025, 3, 10))
    report(cast, severity=Nonconformity.Severity.MAJOR, iso_clause="8.5.1")
    return {"cast": cast, "officer": officer, "head": head(), "procedure": procedure, "secret": secret}


def _rows(user):
    return {row.clause.number: row for row in traceability.clause_matrix(user, today=TODAY)}


def test_a_document_counts_for_its_clause_and_every_parent(world):
    rows = _rows(world["officer"])
    for number in ("7.5.3", "7.5", "7"):
        assert [d[1] for d in rows[number].documents] == [world["procedure"].number]
    assert rows["7.5.2"].documents == [] and rows["7.5.2"].no_document


def test_readiness_lists_missing_document_old_audit_and_open_major_nc(world):
    rows = _rows(world["officer"])
    assert rows["7.5"].ready is True  # document in force, audited this year, no major NC
    assert rows["8.2"].not_audited is True and rows["8.2"].last_audit == datetime.date(2025, 3, 10)
    assert rows["8.5.1"].ncs_open_major == 1 and rows["8.5"].ncs_open_major == 1 and not rows["8"].ready
    ready = {row.clause.number for row in traceability.readiness(world["officer"], today=TODAY)}
    assert "7.5" not in ready and {"8.2", "8.5.1", "4.1"} <= ready


def test_a_confidential_document_is_not_named_to_who_may_not_see_it(world):
    officer_rows, head_rows = _rows(world["officer"]), _rows(world["head"])
    assert [d[1] for d in officer_rows["8.1"].documents] == [world["secret"].number]
    assert head_rows["8.1"].documents == [] and head_rows["8.1"].no_document
    # every representation of the head's matrix: page, CSV, PDF
    client = pytest.importorskip("django.test").Client()
    client.force_login(world["head"])
    for name in ("management_reviews:clause_matrix", "management_reviews:clause_matrix_csv"):
        body = client.get(reverse(name)).content.decode("utf-8-sig")
        assert world["secret"].number not in body and world["secret"].title not in body
        assert world["procedure"].number in body
    pdf = client.get(reverse("management_reviews:clause_matrix_pdf") + "?scope=readiness")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_only_officers_map_documents_on_the_document_page(world, client):
    procedure, staff = world["procedure"], world["cast"].reporter
    with pytest.raises(PermissionDenied):
        clause_document_set(actor=staff, document=procedure, clauses=[clause("4.4")])
    client.force_login(world["officer"])
    page = client.get(reverse("documents:detail", args=[procedure.pk])).content.decode()
    assert "7.5.3" in page and reverse("management_reviews:document_clauses", args=[procedure.pk]) in page
    response = client.post(
        reverse("management_reviews:document_clauses", args=[procedure.pk]),
        {"clauses": [clause("4.4").pk, clause("7.5.3").pk]},
    )
    assert response.status_code == 302
    assert sorted(procedure.clause_links.values_list("clause__number", flat=True)) == ["4.4", "7.5.3"]
    bad = client.post(
        reverse("management_reviews:document_clauses", args=[procedure.pk]), {"clauses": ["nope"]}
    )
    assert bad.status_code == 302 and procedure.clause_links.count() == 2


def test_the_matrix_costs_the_same_queries_whatever_the_records(world, django_assert_max_num_queries):
    officer = world["officer"]
    traceability.clause_matrix(officer, today=TODAY)  # warm the permission caches
    with django_assert_max_num_queries(12):
        traceability.clause_matrix(officer, today=TODAY)
    for n in range(5):
        report(world["cast"], iso_clause=f"9.{n % 3 + 1}", title=f"NC {n}")
    with django_assert_max_num_queries(12):
        traceability.clause_matrix(officer, today=TODAY)


def test_a_review_decision_on_a_clause_counts_in_the_matrix(world):
    from management_reviews import services
    from tests.management_reviews.factories import plan, walk

    officer = world["officer"]
    review = walk(plan(officer=officer, chair=world["head"]), officer=officer, to="prepared")
    services.decision_record(
        actor=officer,
        review=review,
        kind="qms_change",
        description="Bổ sung quy trình xem xét của lãnh đạo",
        owner=officer,
        due_date=datetime.date(2027, 3, 1),
        clause=clause("9.3.3"),
    )
    rows = _rows(world["officer"])
    assert rows["9.3.3"].decisions == 1 and rows["9.3"].decisions == 1 and rows["9"].decisions == 1
    assert rows["10"].decisions == 0


def test_risks_and_objectives_count_for_their_clause_and_every_parent(db):
    # given a risk recorded under 6.1.2 and an objective under 6.2, and one risk with no clause
    from decimal import Decimal

    from objectives.services import objective_create
    from tests.risks.factories import People, make_risk

    people = People()
    make_risk(people, iso_clause="6.1.2")
    make_risk(people, title="Không gắn điều khoản")
    objective_create(
        actor=people.officer,
        year=TODAY.year,
        department=people.department,
        statement="Trả kết quả đúng hạn",
        indicator_name="Tỷ lệ đúng hạn",
        unit="%",
        direction="up",
        target=Decimal("95"),
        threshold=Decimal("90"),
        frequency="monthly",
        owner=people.owner,
        iso_clause="6.2",
    )
    # when
    rows = _rows(people.officer)
    # then
    assert (rows["6.1.2"].risks, rows["6.1"].risks, rows["6"].risks, rows["7"].risks) == (1, 1, 1, 0)
    assert (rows["6.2"].objectives, rows["6"].objectives, rows["6.1"].objectives) == (1, 1, 0)


def test_a_risk_under_a_clause_the_standard_does_not_have_is_refused(db):
    from risks.forms import RiskForm
    from tests.documents.factories import UserFactory

    form = RiskForm(data={"iso_clause": "6.9.9"}, user=UserFactory(officer=True))
    form.is_valid()
    assert "iso_clause" in form.errors
