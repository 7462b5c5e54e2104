"""SQLite: drop the delete guards on frozen findings and issued reports.

A flush (tests, `manage.py flush`) empties tables with DELETE in an order that depends on
the hash seed, so no row condition tells it from a real delete (see documents 0005). On
SQLite the model's delete() and the PROTECT foreign keys refuse deletion; the UPDATE
triggers still freeze the content. PostgreSQL keeps its UPDATE-or-DELETE triggers.
"""

from django.db import migrations

NAMES = ["audits_finding_frozen_delete", "audits_report_issued_delete"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("audits", "0005_frozen_delete_triggers_allow_flush")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
