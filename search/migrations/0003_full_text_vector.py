"""PostgreSQL full-text search (issue 13).

- Extensions ``unaccent`` and ``pg_trgm`` (needs the CREATE right on the database or a
  superuser: README "Search inside documents" says what to do without it).
- Text search configuration ``qms_search``: a copy of ``simple`` (Vietnamese has no
  stemmer, so no stemming and no stop words) whose word tokens go through the ``unaccent``
  dictionary first (unaccent's rules map đ/Đ to d/D, checked in tests/search).
- ``search_versiontext.vector``: one tsvector per version, number/title/source
  reference/issuer at weight A and the folded text of every page at weight D, kept by
  triggers: computed on every insert/update of the version's VersionText row (the
  extraction writes the pages, then that row) and recomputed for a document's versions
  when its number, title, source reference or issuer change. GIN index.
- ``documents_document.search_text`` gets a GIN trigram index: the number/title part of
  the search also matches partial words (``LIKE '%01472%'``), indexed.
- The trigram index of migration 0002 on the page text is dropped: pages are no longer
  scanned by the search, only read for the snippets of the 20 hits shown.
SQLite: the column exists and stays NULL; the search there uses the folded pages.
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARDS = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'qms_search') THEN
        CREATE TEXT SEARCH CONFIGURATION qms_search (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION qms_search
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, simple;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION search_version_vector(version bigint) RETURNS tsvector AS $$
    SELECT setweight(to_tsvector('qms_search'::regconfig,
               regexp_replace(d.search_text || ' ' || d.issuer, '[[:punct:]]+', ' ', 'g')), 'A')
        || setweight(to_tsvector('qms_search'::regconfig, coalesce(
               (SELECT string_agg(p.folded, ' ' ORDER BY p.number)
                  FROM search_versionpage p WHERE p.version_id = v.id), '')), 'D')
      FROM documents_documentversion v JOIN documents_document d ON d.id = v.document_id
     WHERE v.id = version
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION search_versiontext_vector() RETURNS trigger AS $$
BEGIN
    NEW.vector := search_version_vector(NEW.version_id);
    RETURN NEW;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS search_versiontext_vector ON search_versiontext;
CREATE TRIGGER search_versiontext_vector BEFORE INSERT OR UPDATE ON search_versiontext
    FOR EACH ROW EXECUTE FUNCTION search_versiontext_vector();

CREATE OR REPLACE FUNCTION search_document_fields_changed() RETURNS trigger AS $$
BEGIN
    UPDATE search_versiontext SET vector = NULL
     WHERE version_id IN (SELECT id FROM documents_documentversion WHERE document_id = NEW.id);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS search_document_fields_changed ON documents_document;
CREATE TRIGGER search_document_fields_changed AFTER UPDATE OF search_text, issuer ON documents_document
    FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text OR OLD.issuer IS DISTINCT FROM NEW.issuer)
    EXECUTE FUNCTION search_document_fields_changed();

UPDATE search_versiontext SET vector = NULL;
CREATE INDEX IF NOT EXISTS search_versiontext_vector_gin ON search_versiontext USING gin (vector);
CREATE INDEX IF NOT EXISTS search_document_text_trgm ON documents_document USING gin (search_text gin_trgm_ops);
DROP INDEX IF EXISTS search_page_folded_trgm;
"""

BACKWARDS = r"""
DROP TRIGGER IF EXISTS search_document_fields_changed ON documents_document;
DROP FUNCTION IF EXISTS search_document_fields_changed();
DROP TRIGGER IF EXISTS search_versiontext_vector ON search_versiontext;
DROP FUNCTION IF EXISTS search_versiontext_vector();
DROP FUNCTION IF EXISTS search_version_vector(bigint);
DROP INDEX IF EXISTS search_versiontext_vector_gin;
DROP INDEX IF EXISTS search_document_text_trgm;
CREATE INDEX IF NOT EXISTS search_page_folded_trgm ON search_versionpage USING gin (folded gin_trgm_ops);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgresql_trigram_index"), ("documents", "0009_document_number_covering_index")]

    operations = [
        migrations.AddField(
            model_name="versiontext",
            name="vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
