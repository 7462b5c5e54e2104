"""QMS officers record the periodic review of any document (owners record their own)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "QMS officer"
PERMISSIONS = ["record_any_review", "view_periodicreview", "view_historicalperiodicreview"]


def grant(apps, schema_editor):
    # Also re-run on the live app registry (qms.reference_data, after a flush): leave
    # models_module as it was found.
    app_config = apps.get_app_config("reviews")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=OFFICER)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="reviews", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
