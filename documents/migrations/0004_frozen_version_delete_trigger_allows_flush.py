"""SQLite: let a whole-database flush (tests, `manage.py flush`) remove approved versions.

The delete guard now applies while the version's document still exists. Deleting a
document with versions is refused anyway (PROTECT in the ORM, the foreign key in the
database), so only a flush, which empties documents_document first, gets past it.
PostgreSQL flushes with TRUNCATE, which row triggers do not see, so it is unchanged.
"""

from django.db import migrations

LOCKED = "('approved', 'effective', 'superseded', 'obsolete')"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS documents_version_frozen_delete;")
    schema_editor.execute(
        f"""
        CREATE TRIGGER documents_version_frozen_delete
        BEFORE DELETE ON documents_documentversion
        FOR EACH ROW WHEN OLD.status IN {LOCKED}
            AND EXISTS (SELECT 1 FROM documents_document WHERE id = OLD.document_id)
        BEGIN SELECT RAISE(ABORT, 'document version is approved and cannot be deleted'); END;
        """
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS documents_version_frozen_delete;")
    schema_editor.execute(
        f"""
        CREATE TRIGGER documents_version_frozen_delete
        BEFORE DELETE ON documents_documentversion
        FOR EACH ROW WHEN OLD.status IN {LOCKED}
        BEGIN SELECT RAISE(ABORT, 'document version is approved and cannot be deleted'); END;
        """
    )


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_frozen_version_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
