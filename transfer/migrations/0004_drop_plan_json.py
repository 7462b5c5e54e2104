from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("transfer", "0003_import_rows"),
    ]

    operations = [
        migrations.RemoveField(model_name="importbatch", name="plan"),
        migrations.RemoveField(model_name="importbatch", name="results"),
    ]
