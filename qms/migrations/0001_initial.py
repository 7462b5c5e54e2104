"""NumberSequence moves here from documents without moving a row.

The model keeps its table (documents_numbersequence), so this creates it in Django's
state only; documents 0007 then forgets it there. The content type is renamed rather
than recreated, so permissions that name it stay attached.
"""

from django.db import migrations, models


def _content_type_relabel(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label=target, model="numbersequence").exists():
        content_types.filter(app_label=source, model="numbersequence").update(app_label=target)


def content_type_forward(apps, schema_editor):
    _content_type_relabel(apps, schema_editor, "documents", "qms")


def content_type_backward(apps, schema_editor):
    _content_type_relabel(apps, schema_editor, "qms", "documents")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("documents", "0006_department_moves_to_organisation"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NumberSequence",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=100, unique=True)),
                        ("last_value", models.PositiveIntegerField(default=0)),
                    ],
                    options={"db_table": "documents_numbersequence"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_forward, content_type_backward),
    ]
