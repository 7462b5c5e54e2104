"""SQLite: drop the delete guard on approved versions.

A flush (tests, `manage.py flush`) empties tables with DELETE in an order that depends
on the hash seed, so no row condition can tell it from a real delete. On SQLite the
guards against deleting an approved version are the model (FrozenVersionError) and
the PROTECT foreign key; the UPDATE trigger still freezes content. PostgreSQL keeps
its trigger on UPDATE and DELETE (its flush is a TRUNCATE, which row triggers ignore).
"""

from django.db import migrations

LOCKED = "('approved', 'effective', 'superseded', 'obsolete')"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS documents_version_frozen_delete;")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"""
            CREATE TRIGGER documents_version_frozen_delete
            BEFORE DELETE ON documents_documentversion
            FOR EACH ROW WHEN OLD.status IN {LOCKED}
                AND EXISTS (SELECT 1 FROM documents_document WHERE id = OLD.document_id)
            BEGIN SELECT RAISE(ABORT, 'document version is approved and cannot be deleted'); END;
            """
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_frozen_version_delete_trigger_allows_flush")]
    operations = [migrations.RunPython(forwards, backwards)]
