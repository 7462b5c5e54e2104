"""SQLite: let a whole-database flush (tests, `manage.py flush`) empty frozen findings and
issued reports, as documents 0004 does for versions.

The delete guards now apply while the row's audit still exists. Deleting an audit that
has findings or a report is refused anyway (PROTECT in the ORM, the foreign key in the
database), so only a flush, which empties audits_audit first, gets past them.
PostgreSQL flushes with TRUNCATE, which row triggers do not see, so it is unchanged.
"""

from django.db import migrations

GUARDS = [
    ("audits_finding_frozen_delete", "audits_finding", "OLD.frozen = 1"),
    ("audits_report_issued_delete", "audits_auditreport", "OLD.issued_at IS NOT NULL"),
]


def _create(schema_editor, *, allow_flush):
    for name, table, when in GUARDS:
        condition = f"{when} AND EXISTS (SELECT 1 FROM audits_audit WHERE id = OLD.audit_id)" if allow_flush else when
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
        schema_editor.execute(
            f"""
            CREATE TRIGGER {name} BEFORE DELETE ON {table}
            FOR EACH ROW WHEN {condition}
            BEGIN SELECT RAISE(ABORT, '{table}: record is frozen and cannot be deleted'); END;
            """
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _create(schema_editor, allow_flush=True)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _create(schema_editor, allow_flush=False)


class Migration(migrations.Migration):
    dependencies = [("audits", "0004_frozen_record_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
