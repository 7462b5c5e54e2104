"""The department foreign keys of audits now point at organisation.Department. The
table is the same (documents_department), so only Django's state changes: no column,
constraint, table or trigger is touched.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0006_sqlite_no_delete_triggers"),
        ("organisation", "0001_initial"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='audit',
                    name='departments',
                    field=models.ManyToManyField(related_name='audits', to='organisation.department', verbose_name='audited departments'),
                ),
                migrations.AlterField(
                    model_name='finding',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audit_findings', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='historicalaudit_departments',
                    name='department',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department'),
                ),
                migrations.AlterField(
                    model_name='historicalfinding',
                    name='department',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='historicalprogrammeitem',
                    name='department',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='programmeitem',
                    name='department',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.department', verbose_name='department'),
                ),
            ],
            database_operations=[],
        ),
    ]
