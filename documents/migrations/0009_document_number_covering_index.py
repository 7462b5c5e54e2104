"""Issue 12: the list's ORDER BY number with the visibility rule's own columns beside it.

Deep pages (``?page=3000``) read the ids along the number order first
(qms.paging.rows_at); with confidentiality and the effective-version pointer in the
index, PostgreSQL answers that with an index-only scan instead of visiting 75,000 rows
of the table (EXPLAIN at 100,000 documents: 460 ms -> 72 ms). PostgreSQL only: SQLite
has no INCLUDE, and its lists are small.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS document_number_visibility ON documents_document "
    "(number) INCLUDE (id, confidentiality, effective_version_id)"
)
DROP = "DROP INDEX IF EXISTS document_number_visibility"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("documents", "0008_effective_version_pointer_and_list_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
