"""Department now belongs to the organisation app; its rows stay where they are.

documents_department and documents_historicaldepartment keep their names (the model
declares them), so only Django's state changes: the documents' foreign keys point at
organisation.Department and documents forgets the two models. No table, column,
constraint, row or trigger is touched. The other apps move their foreign keys first
(their dependencies below), so no state ever points at a model that is gone.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_sqlite_no_delete_trigger"),
        ("organisation", "0001_initial"),
        ("approvals", "0004_department_in_organisation"),
        ("audits", "0007_department_in_organisation"),
        ("nonconformities", "0006_department_in_organisation"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="document",
                    name="department",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="organisation.department",
                        verbose_name="department",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaldocument",
                    name="department",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organisation.department",
                        verbose_name="department",
                    ),
                ),
                migrations.AlterField(
                    model_name="document",
                    name="distribution",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="distributed_documents",
                        to="organisation.department",
                        verbose_name="distribution",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalDepartment"),
                migrations.DeleteModel(name="Department"),
            ],
            database_operations=[],
        ),
    ]
