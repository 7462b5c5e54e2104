"""The department foreign keys of nonconformities now point at organisation.Department. The
table is the same (documents_department), so only Django's state changes: no column,
constraint, table or trigger is touched.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("nonconformities", "0005_change_request"),
        ("organisation", "0001_initial"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalnonconformity',
                    name='department',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='nonconformity',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='nonconformities', to='organisation.department', verbose_name='department'),
                ),
            ],
            database_operations=[],
        ),
    ]
