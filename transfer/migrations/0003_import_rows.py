"""The dry-run plan as rows (issue 17): ImportRow, the batch's row count and its
whole-import failure; the rows and outcomes of existing batches move from the plan /
results JSON into rows. The JSON columns are dropped by 0004 (its own transaction: on
PostgreSQL a table cannot be altered while the rows' foreign-key checks are pending)."""

import django.db.models.deletion
from django.db import migrations, models


def plan_to_rows(apps, schema_editor):
    ImportBatch = apps.get_model("transfer", "ImportBatch")
    ImportRow = apps.get_model("transfer", "ImportRow")
    for batch in ImportBatch.objects.order_by("pk").iterator(chunk_size=1):
        results = batch.results or {}
        rows = []
        for index, row in enumerate(batch.plan or []):
            result = results.get(str(index)) or {}
            rows.append(
                ImportRow(
                    batch=batch,
                    position=index,
                    action=row.get("action", ""),
                    number=(row.get("number") or "")[:100],
                    revision=row.get("revision") if isinstance(row.get("revision"), int) and abs(row["revision"]) < 2**31 else None,
                    file=(row.get("file") or "")[:1000],
                    data=row,
                    outcome=result.get("outcome", ""),
                    message=result.get("message", ""),
                )
            )
            if len(rows) == 1000:
                ImportRow.objects.bulk_create(rows)
                rows = []
        ImportRow.objects.bulk_create(rows)
        batch.total = len(batch.plan or [])
        batch.failure = (results.get("source") or {}).get("message", "")
        batch.save(update_fields=["total", "failure"])


def rows_to_plan(apps, schema_editor):
    ImportBatch = apps.get_model("transfer", "ImportBatch")
    for batch in ImportBatch.objects.order_by("pk"):
        rows = list(batch.rows.order_by("position"))
        batch.plan = [row.data for row in rows]
        batch.results = {
            str(row.position): {"outcome": row.outcome, "message": row.message} for row in rows if row.outcome
        }
        if batch.failure:
            batch.results["source"] = {"outcome": "failed", "message": batch.failure}
        batch.save(update_fields=["plan", "results"])


class Migration(migrations.Migration):
    dependencies = [
        ("transfer", "0002_conversion_checksum_background_dry_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalimportbatch",
            name="failure",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="failure",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="rows in the plan"),
        ),
        migrations.CreateModel(
            name="ImportRow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.IntegerField()),
                ("action", models.CharField(max_length=20)),
                ("number", models.CharField(blank=True, max_length=100)),
                ("revision", models.IntegerField(blank=True, null=True)),
                ("file", models.CharField(blank=True, max_length=1000)),
                ("data", models.JSONField(default=dict)),
                ("outcome", models.CharField(blank=True, max_length=20)),
                ("message", models.TextField(blank=True)),
                (
                    "batch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="transfer.importbatch",
                    ),
                ),
            ],
            options={
                "verbose_name": "import row",
                "verbose_name_plural": "import rows",
                "indexes": [
                    models.Index(fields=["batch", "action"], name="transfer_row_action"),
                    models.Index(fields=["batch", "outcome"], name="transfer_row_outcome"),
                    models.Index(fields=["batch", "number", "revision"], name="transfer_row_number"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("batch", "position"), name="transfer_row_position")
                ],
            },
        ),
        migrations.RunPython(plan_to_rows, rows_to_plan),
    ]
