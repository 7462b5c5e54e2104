"""A database made by the code before the organisation app (issue 11 item 1) migrates
forward with its data intact.

The test takes the test database back to the schema of that code (the newest migration of
each app it had), fills it through the models of that schema (departments in a tree,
users in them, a document with its number, distribution and approved versions, history
rows, a permission on departments, foreign keys from other apps), runs ``manage.py
migrate`` as a deployment would, and checks that every row, number, history row and
database trigger is still there and still works. It runs in the PostgreSQL pass only (the
production database): taking twenty apps back and forward costs about 100 s per pass, and the
SQLite pass, which only ever serves the demo, could not buy that time back."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from documents import services
from documents.models import Document, DocumentType, DocumentVersion
from documents.workflow import DocumentStatus
from organisation.models import Department
from organisation.roles import ROLE_PERMISSIONS, Role
from organisation.services import SYSTEM_USERNAME
from qms.models import NumberSequence

# The newest migration of each app that the move touches, as the code before it had them
# (git show 02902ea:<app>/migrations/); organisation did not exist.
BEFORE = [
    ("documents", "0005_sqlite_no_delete_trigger"),
    ("approvals", "0003_one_stage_per_signer"),
    ("audits", "0006_sqlite_no_delete_triggers"),
    ("nonconformities", "0005_change_request"),
]

# Tables of later apps that their own data migrations fill with editable defaults (the
# one-stop form templates of Circular 01/2018 and the general satisfaction survey).
SEEDED_BY_THEIR_MIGRATIONS = {
    "dossiers_officialformtemplate",
    "dossiers_historicalofficialformtemplate",
    "dossiers_survey",
    "dossiers_historicalsurvey",
    "dossiers_surveyquestion",
}

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {f"{table}.{name}" for table, name in cursor.fetchall()}


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def previous_schema(transactional_db):
    """The database at the schema of the code before the move; always migrated back to the
    newest schema afterwards, so a failure here does not leave later tests without tables."""
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE, ("organisation", None)])
    ContentType.objects.clear_cache()
    yield executor.loader.project_state(BEFORE).apps
    ContentType.objects.clear_cache()
    call_command("migrate", verbosity=0)


def _fill(apps):
    """Rows as the previous code wrote them, through the models of its schema."""
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    OldDepartment = apps.get_model("documents", "Department")
    HistoricalDepartment = apps.get_model("documents", "HistoricalDepartment")
    now = timezone.now()

    head = User.objects.create(username="head-vp", first_name="Lan", last_name="Nguyễn")
    clerk = User.objects.create(username="clerk-kt", first_name="Minh", last_name="Trần")
    office = OldDepartment.objects.create(
        code="VP", name="Văn phòng", head=head, group=Group.objects.create(name="dept:VP")
    )
    accounts = OldDepartment.objects.create(
        code="KT", name="Kế toán", parent=office, group=Group.objects.create(name="dept:KT")
    )
    head.groups.add(office.group)
    clerk.groups.add(accounts.group)
    # simple-history does not write rows for migration models: write them as it did.
    for department, history_type in [(office, "+"), (accounts, "+"), (accounts, "~")]:
        HistoricalDepartment.objects.create(
            id=department.pk,
            code=department.code,
            name=department.name,
            parent_id=department.parent_id,
            head_id=department.head_id,
            group_id=department.group_id,
            history_date=now,
            history_type=history_type,
            history_user=head,
            history_change_reason="registered",
        )
    head.user_permissions.add(
        Permission.objects.get(content_type__app_label="documents", codename="change_department")
    )

    doc_type = apps.get_model("documents", "DocumentType").objects.create(
        code="QT", name="Quy trình", numbering_pattern="{type}-{department}-{seq:02}"
    )
    apps.get_model("documents", "NumberSequence").objects.create(key="QT-VP-{seq}", last_value=1)
    document = apps.get_model("documents", "Document").objects.create(
        number="QT-VP-01",
        title="Quy trình tiếp nhận hồ sơ",
        doc_type=doc_type,
        department=office,
        owner=head,
        created_by=head,
    )
    document.distribution.add(office, accounts)
    Version = apps.get_model("documents", "DocumentVersion")
    first = Version.objects.create(
        document=document,
        revision=1,
        body="Lần ban hành 1",
        author=head,
        status=DocumentStatus.EFFECTIVE,
        effective_date=datetime.date(2026, 1, 15),
        approved_by=head,
        approved_at=now,
    )
    Version.objects.create(document=document, revision=2, change_summary="Sửa bước 3", author=clerk)
    apps.get_model("documents", "HistoricalDocument").objects.create(
        id=document.pk,
        number=document.number,
        title=document.title,
        doc_type_id=doc_type.pk,
        department_id=office.pk,
        owner_id=head.pk,
        created_by_id=head.pk,
        created_at=now,
        review_period_months=document.review_period_months,
        confidentiality=document.confidentiality,
        history_date=now,
        history_type="+",
        history_user=head,
    )
    apps.get_model("approvals", "RouteTemplate").objects.create(name="Kế toán: hai cấp", department=accounts)
    apps.get_model("nonconformities", "Nonconformity").objects.create(
        number="NC-2026-001",
        title="Hồ sơ trả muộn",
        source="other",
        department=accounts,
        description="Ba hồ sơ trả muộn hai ngày.",
        date_detected=datetime.date(2026, 2, 1),
        severity="minor",
        reporter=clerk,
    )
    return {"office": office.pk, "accounts": accounts.pk, "document": document.pk, "first": first.pk}


def test_a_database_from_before_the_move_migrates_forward_with_its_data_intact(previous_schema):
    # given a database at the previous schema, with its data
    ids = _fill(previous_schema)
    rows_before = _row_counts()
    triggers_before = _triggers()
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    # when it is migrated as a deployment does it
    call_command("migrate", verbosity=0)
    ContentType.objects.clear_cache()

    # then no row is lost or added (the moves touch no table) and every trigger is there;
    # tables of later migrations (taken back with the schema above) come back empty, and
    # the migrate may only add permissions and content types (for new models)
    rows_after = _row_counts()
    assert rows_after.pop("django_migrations") == rows_before.pop("django_migrations") + pending
    # ... and later apps' migrations may schedule their periodic tasks (objectives' daily
    # computation of built-in indicators)
    grows = [t for t in rows_before if t.startswith("django_celery_beat_")]
    for table in ("auth_permission", "django_content_type", *grows):
        assert rows_after.pop(table) >= rows_before.pop(table)
    new_tables = rows_after.keys() - rows_before.keys()
    seeded = {table: rows_after.pop(table) for table in SEEDED_BY_THEIR_MIGRATIONS}
    assert all(seeded.values()), "the defaults that later apps' data migrations write"
    new_tables -= SEEDED_BY_THEIR_MIGRATIONS
    assert {table: rows_after.pop(table) for table in new_tables} == dict.fromkeys(new_tables, 0)
    assert rows_after == rows_before
    assert _triggers() >= triggers_before
    assert "documents_documentversion" in {name.split(".")[0] for name in _triggers()}

    # departments, their tree, head, members and history read through organisation
    office = Department.objects.get(pk=ids["office"])
    accounts = Department.objects.get(code="KT")
    assert (office.code, office.name, office.head.username) == ("VP", "Văn phòng", "head-vp")
    assert accounts.parent == office
    assert list(office.children.all()) == [accounts]
    assert list(accounts.members.values_list("username", flat=True)) == ["clerk-kt"]
    assert [
        (row.history_type, row.history_user.username) for row in accounts.history.order_by("history_id")
    ] == [
        ("+", "head-vp"),
        ("~", "head-vp"),
    ]
    assert office.history.get().history_change_reason == "registered"
    head = get_user_model().objects.get(username="head-vp")
    assert head.has_perm("organisation.change_department")

    # the document keeps its number, department, distribution, versions and history
    document = Document.objects.get(pk=ids["document"])
    assert (document.number, document.department) == ("QT-VP-01", office)
    assert set(document.distribution.all()) == {office, accounts}
    assert list(document.versions.values_list("revision", "status")) == [
        (2, DocumentStatus.DRAFT),
        (1, DocumentStatus.EFFECTIVE),
    ]
    assert document.history.get().department == office
    assert office.documents.get() == document
    assert accounts.route_templates.get().name == "Kế toán: hai cấp"
    assert accounts.nonconformities.get().number == "NC-2026-001"

    # the frozen-version trigger still refuses to change an approved version's content
    with pytest.raises(DatabaseError), transaction.atomic():
        DocumentVersion.objects.filter(pk=ids["first"]).update(body="sửa lén")
    assert DocumentVersion.objects.get(pk=ids["first"]).body == "Lần ban hành 1"

    # roles and the system user are synced by the migrate
    officer = get_user_model().objects.create_user("officer", password="x")
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    assert all(officer.has_perm(perm) for perm in ROLE_PERMISSIONS[Role.OFFICER])
    assert get_user_model().objects.filter(username=SYSTEM_USERNAME, is_active=False).exists()

    # and the next number of the series follows the last one handed out, never reusing it
    new = services.document_register(
        actor=officer, doc_type=DocumentType.objects.get(code="QT"), department=office, title="Quy trình mới"
    )
    assert new.number == "QT-VP-02"
    assert NumberSequence.objects.get(key="QT-VP-{seq}").last_value == 2
