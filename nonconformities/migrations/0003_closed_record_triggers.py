"""Database triggers that refuse changes to a closed nonconformity and to its parts.

Schema changes to these tables on SQLite must drop and recreate the triggers (see 0004).
The models refuse too (ClosedRecordError); the triggers catch what bypasses them
(QuerySet.update, raw SQL, a bug). A closed row may only be updated by moving it out
of "closed" (the reopen transition). Deletion is refused by the models and by PROTECT
foreign keys; no delete trigger, so test-database flushes keep working on SQLite.
"""

from django.db import migrations

NC = "nonconformities_nonconformity"
PARTS = ["nonconformities_correctiveaction", "nonconformities_verification"]
MESSAGE = "nonconformity is closed and cannot be changed"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER nc_closed_update BEFORE UPDATE ON {NC}
    FOR EACH ROW WHEN OLD.status = 'closed' AND NEW.status = 'closed'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
] + [
    sql
    for table in PARTS
    for sql in (
        f"""
        CREATE TRIGGER {table}_closed_update BEFORE UPDATE ON {table}
        FOR EACH ROW WHEN (SELECT status FROM {NC} WHERE id = OLD.nonconformity_id) = 'closed'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
        """,
        f"""
        CREATE TRIGGER {table}_closed_insert BEFORE INSERT ON {table}
        FOR EACH ROW WHEN (SELECT status FROM {NC} WHERE id = NEW.nonconformity_id) = 'closed'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
        """,
    )
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS nc_closed_update;"] + [
    f"DROP TRIGGER IF EXISTS {table}_closed_{op};" for table in PARTS for op in ("update", "insert")
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION nc_closed_guard() RETURNS trigger AS $$
    BEGIN
        IF OLD.status = 'closed' AND NEW.status = 'closed' THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER nc_closed_guard BEFORE UPDATE ON {NC} FOR EACH ROW EXECUTE FUNCTION nc_closed_guard();",
    f"""
    CREATE OR REPLACE FUNCTION nc_part_closed_guard() RETURNS trigger AS $$
    BEGIN
        IF (SELECT status FROM {NC} WHERE id = NEW.nonconformity_id) = 'closed' THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
] + [
    f"CREATE TRIGGER {table}_closed_guard BEFORE INSERT OR UPDATE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION nc_part_closed_guard();"
    for table in PARTS
]
POSTGRES_BACKWARD = [f"DROP TRIGGER IF EXISTS nc_closed_guard ON {NC};"] + [
    f"DROP TRIGGER IF EXISTS {table}_closed_guard ON {table};" for table in PARTS
] + ["DROP FUNCTION IF EXISTS nc_closed_guard();", "DROP FUNCTION IF EXISTS nc_part_closed_guard();"]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("nonconformities", "0002_roles")]
    operations = [migrations.RunPython(forwards, backwards)]
