"""PostgreSQL: the folded page text gets a GIN trigram index (pg_trgm), which answers the
search's LIKE '% word %' / '% prefix%' / '% two words %' patterns without reading every
page. Creating the extension needs the CREATE right on the database (or a superuser); see
README "Search inside documents" for what to do when the application's user lacks it.
SQLite (make run) has no such index: the same LIKE reads the pages table, fine at demo size."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_page_folded_trgm ON search_versionpage USING gin (folded gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_page_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
