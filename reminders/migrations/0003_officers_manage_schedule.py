"""QMS officers may see and change the beat schedule (django-celery-beat) in the admin.

They still need "staff status" on their account to open /admin/.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "QMS officer"
PERMISSIONS = [
    "view_periodictask",
    "change_periodictask",
    "view_crontabschedule",
    "add_crontabschedule",
    "change_crontabschedule",
    "view_intervalschedule",
]


def grant(apps, schema_editor):
    # Also re-run on the live app registry (qms.reference_data, after a flush): leave
    # models_module as it was found.
    app_config = apps.get_app_config("django_celery_beat")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=OFFICER)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="django_celery_beat", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("reminders", "0002_officer_permission_and_daily_sweep")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
