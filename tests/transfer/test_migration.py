"""Migration 0003/0004: the plan and results JSON of existing batches become their rows."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("transfer", "0002_conversion_checksum_background_dry_run")]
AFTER = [("transfer", "0004_drop_plan_json")]


@pytest.fixture
def old_apps(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    call_command("migrate", verbosity=0)


def test_existing_batches_plan_and_outcomes_move_into_rows(old_apps):
    # given a batch stopped by an unreadable source after its first row, as the old code stored it
    User = old_apps.get_model("auth", "User")
    ImportBatch = old_apps.get_model("transfer", "ImportBatch")
    officer = User.objects.create(username="officer")
    plan = [
        {
            "line": 2,
            "file": "QT-VP-01.docx",
            "number": "QT-VP-01",
            "revision": 1,
            "action": "create",
            "message": "m",
        },
        {"line": 3, "file": "x.docx", "number": "", "revision": None, "action": "error", "message": "bad"},
    ]
    batch = ImportBatch.objects.create(
        source="/tmp/s.zip",
        created_by=officer,
        status="failed",
        plan=plan,
        position=1,
        results={
            "0": {"outcome": "imported", "message": "imported as effective"},
            "source": {"outcome": "failed", "message": "the ZIP cannot be read"},
        },
    )
    # when the database is migrated
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    # then each planned row is a row at its position, with its outcome; the source's failure is the batch's
    moved = apps.get_model("transfer", "ImportBatch").objects.get(pk=batch.pk)
    assert (moved.total, moved.position, moved.failure) == (2, 1, "the ZIP cannot be read")
    rows = list(
        apps.get_model("transfer", "ImportRow")
        .objects.filter(batch_id=batch.pk)
        .order_by("position")
        .values_list("position", "action", "number", "revision", "outcome", "message", "data")
    )
    assert rows == [
        (0, "create", "QT-VP-01", 1, "imported", "imported as effective", plan[0]),
        (1, "error", "", None, "", "", plan[1]),
    ]
