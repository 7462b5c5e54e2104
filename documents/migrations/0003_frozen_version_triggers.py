"""Database triggers that refuse to change or delete the content of an approved version.

The model refuses too (FrozenVersionError); the triggers catch what bypasses it
(QuerySet.update, raw SQL, a bug). Status may still move forward, content never.
"""

from django.db import migrations

LOCKED = "('approved', 'effective', 'superseded', 'obsolete')"
CONTENT = ["document_id", "revision", "change_summary", "file", "original_filename",
           "content_type", "size", "checksum", "body", "author_id"]

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER documents_version_frozen_update
    BEFORE UPDATE ON documents_documentversion
    FOR EACH ROW WHEN OLD.status IN {LOCKED} AND (
        NEW.status IN ('draft', 'in_review') OR
        {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT)}
    )
    BEGIN SELECT RAISE(ABORT, 'document version is approved and cannot be changed'); END;
    """,
    f"""
    CREATE TRIGGER documents_version_frozen_delete
    BEFORE DELETE ON documents_documentversion
    FOR EACH ROW WHEN OLD.status IN {LOCKED}
    BEGIN SELECT RAISE(ABORT, 'document version is approved and cannot be deleted'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS documents_version_frozen_update;",
    "DROP TRIGGER IF EXISTS documents_version_frozen_delete;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION documents_version_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.status IN {LOCKED} THEN
                RAISE EXCEPTION 'document version is approved and cannot be deleted'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF OLD.status IN {LOCKED} AND (
            NEW.status IN ('draft', 'in_review') OR
            {" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in CONTENT)}
        ) THEN
            RAISE EXCEPTION 'document version is approved and cannot be changed'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER documents_version_frozen
    BEFORE UPDATE OR DELETE ON documents_documentversion
    FOR EACH ROW EXECUTE FUNCTION documents_version_frozen();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS documents_version_frozen ON documents_documentversion;",
    "DROP FUNCTION IF EXISTS documents_version_frozen();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_roles_and_system_user")]
    operations = [migrations.RunPython(forwards, backwards)]
