"""The department foreign keys of approvals now point at organisation.Department. The
table is the same (documents_department), so only Django's state changes: no column,
constraint, table or trigger is touched.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0003_one_stage_per_signer"),
        ("organisation", "0001_initial"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='acknowledgement',
                    name='department',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='historicalacknowledgement',
                    name='department',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='historicalroutetemplate',
                    name='department',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='Empty: any department.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='department'),
                ),
                migrations.AlterField(
                    model_name='routetemplate',
                    name='department',
                    field=models.ForeignKey(blank=True, help_text='Empty: any department.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='route_templates', to='organisation.department', verbose_name='department'),
                ),
            ],
            database_operations=[],
        ),
    ]
