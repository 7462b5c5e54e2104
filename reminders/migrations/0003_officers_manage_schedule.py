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
    app_config = apps.get_app_config("django_celery_beat")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=OFFICER)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="django_celery_beat", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("reminders", "0002_officer_permission_and_daily_sweep")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
