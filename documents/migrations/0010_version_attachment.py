"""Attachments of a version (further files beside its main file), frozen with the version.

The model refuses to add, change or delete an attachment of an approved or later version;
these triggers catch what bypasses it (QuerySet.update, raw SQL, a bug): an attachment
whose version is locked cannot be updated, nor deleted on PostgreSQL. SQLite keeps no
DELETE trigger, for the reason of migration 0005 (its flush deletes in any order).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import documents.models

LOCKED = "('approved', 'effective', 'superseded', 'obsolete')"
VERSION_STATUS = "(SELECT status FROM documents_documentversion WHERE id = OLD.version_id)"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER documents_attachment_frozen_update
    BEFORE UPDATE ON documents_versionattachment
    FOR EACH ROW WHEN {VERSION_STATUS} IN {LOCKED}
    BEGIN SELECT RAISE(ABORT, 'the attachment of an approved version cannot be changed'); END;
    """,
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS documents_attachment_frozen_update;"]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION documents_attachment_frozen() RETURNS trigger AS $$
    BEGIN
        IF {VERSION_STATUS} IN {LOCKED} THEN
            RAISE EXCEPTION 'the attachment of an approved version cannot be changed or deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER documents_attachment_frozen
    BEFORE UPDATE OR DELETE ON documents_versionattachment
    FOR EACH ROW EXECUTE FUNCTION documents_attachment_frozen();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS documents_attachment_frozen ON documents_versionattachment;",
    "DROP FUNCTION IF EXISTS documents_attachment_frozen();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0009_document_number_covering_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalVersionAttachment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("file", models.TextField(max_length=255, verbose_name="file")),
                ("original_filename", models.CharField(max_length=255, verbose_name="file name")),
                ("content_type", models.CharField(blank=True, max_length=120)),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("checksum", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("uploaded_at", models.DateTimeField(blank=True, editable=False, verbose_name="uploaded at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="documents.documentversion",
                        verbose_name="version",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical attachment",
                "verbose_name_plural": "historical attachments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="VersionAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        max_length=255, upload_to=documents.models.attachment_upload_to, verbose_name="file"
                    ),
                ),
                ("original_filename", models.CharField(max_length=255, verbose_name="file name")),
                ("content_type", models.CharField(blank=True, max_length=120)),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("checksum", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="documents.documentversion",
                        verbose_name="version",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
                "ordering": ["version", "pk"],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
