"""``manage.py seed_demo`` loads the whole demo in one command, and loading it again
changes nothing."""

import datetime
import io
from collections import Counter

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection

from approvals.models import Acknowledgement
from audits.models import Audit
from demo import audits as audits_part
from demo.documents import DEMO_PASSWORD
from documents.models import Document, DocumentVersion
from nonconformities.models import CorrectiveAction, Feedback, Nonconformity
from procedures.models import AdministrativeProcedure
from reviews.models import PeriodicReview
from tests.documents.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


# The demo spreads a year of records back from today; the test pins today.
TODAY = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


def test_one_command_loads_the_whole_demo_and_a_second_run_changes_nothing():
    # when
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        loaded = _row_counts()
        output = io.StringIO()
        call_command("seed_demo", stdout=output)
    # then every register has its demo records, and the second run added no row anywhere
    assert _row_counts() == loaded
    assert "0 new" in output.getvalue() and "0 added" in output.getvalue()
    assert Document.objects.count() == 34  # 30 in the register, 4 BM forms of the procedures part
    assert Document.objects.filter(number="QT-VP-01", versions__status="effective").exists()
    audit = Audit.objects.get(title=audits_part.AUDIT_TITLE)
    assert audit.status == "planned" and audit.checklist.count() == 6
    # a year of audits: done, reported, one running, planned ones ahead
    assert Counter(Audit.objects.values_list("status", flat=True)) == {
        "closed": 4,
        "reported": 2,
        "in_progress": 1,
        "planned": 2,
    }
    # a year of nonconformities from every source, most closed, some actions late, repeats
    assert set(Nonconformity.objects.values_list("source", flat=True)) == set(Nonconformity.Source.values)
    assert Nonconformity.objects.filter(status="closed").count() == 35
    assert Nonconformity.objects.filter(date_detected__lt=datetime.date(2026, 1, 1)).exists()
    overdue = CorrectiveAction.objects.filter(status="open", due_date__lt=TODAY.date())
    assert overdue.count() == 6
    assert Nonconformity.objects.filter(department__code="GDTRH", iso_clause="8.5.1").count() >= 3
    assert Feedback.objects.count() == 3
    # periodic reviews overdue and recorded; acknowledgements partly done
    assert DocumentVersion.objects.filter(status="effective", next_review_date__lt=TODAY.date()).exists()
    assert PeriodicReview.objects.exists()
    acknowledgements = Counter(Acknowledgement.objects.values_list("status", flat=True))
    assert acknowledgements["acknowledged"] > acknowledgements["open"] > 0
    assert AdministrativeProcedure.objects.filter(status="published").count() == 10
    assert authenticate(username="officer", password=DEMO_PASSWORD) is not None


def test_the_audits_part_needs_only_the_people_it_names_and_loads_once():
    # given the users and department the documents part makes
    auditor = UserFactory(username="auditor", auditor=True, departments=[DepartmentFactory(code="KTKD")])
    auditor.set_password(DEMO_PASSWORD)  # the demo auditor signs the year's reports with it
    auditor.save()
    UserFactory(username="officer", officer=True, departments=[DepartmentFactory(code="VP")])
    # when
    with time_machine.travel(TODAY, tick=False):
        audits_part.load()
        audits_part.load()
    # then
    audit = Audit.objects.get(title=audits_part.AUDIT_TITLE)
    assert audit.status == "planned" and audit.checklist.count() == 6
    assert audit.lead_auditor.username == "auditor"
    # the year's audits cover only departments that exist (here VP: planned, and September's
    # reported), each loaded once
    assert set(Audit.objects.values_list("departments__code", flat=True)) == {"VP"}
    assert sorted(Audit.objects.values_list("status", flat=True)) == ["planned", "reported"]
