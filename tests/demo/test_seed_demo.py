"""``manage.py seed_demo`` loads the whole demo in one command, and loading it again
changes nothing."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection

from audits.models import Audit
from demo import audits as audits_part
from demo.documents import DEMO_PASSWORD
from documents.models import Document
from nonconformities.models import Feedback, Nonconformity
from procedures.models import AdministrativeProcedure
from tests.documents.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def test_one_command_loads_the_whole_demo_and_a_second_run_changes_nothing():
    # when
    call_command("seed_demo", stdout=io.StringIO())
    loaded = _row_counts()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    # then every register has its demo records, and the second run added no row anywhere
    assert _row_counts() == loaded
    assert "0 new" in output.getvalue() and "0 added" in output.getvalue()
    assert Document.objects.count() == 34  # 30 in the register, 4 BM forms of the procedures part
    assert Document.objects.filter(number="QT-VP-01", versions__status="effective").exists()
    audit = Audit.objects.get()
    assert audit.status == "planned" and audit.checklist.count() == 6
    assert Nonconformity.objects.count() == 3
    assert Nonconformity.objects.filter(status="closed").count() == 1
    assert Feedback.objects.count() == 3
    assert AdministrativeProcedure.objects.filter(status="published").count() == 10
    assert authenticate(username="officer", password=DEMO_PASSWORD) is not None


def test_the_audits_part_needs_only_the_people_it_names_and_loads_once():
    # given the users and department the documents part makes
    UserFactory(username="auditor", auditor=True, departments=[DepartmentFactory(code="KTKD")])
    UserFactory(username="officer", officer=True, departments=[DepartmentFactory(code="VP")])
    # when
    audits_part.load()
    audits_part.load()
    # then
    audit = Audit.objects.get()
    assert audit.status == "planned" and audit.checklist.count() == 6
    assert audit.lead_auditor.username == "auditor"
