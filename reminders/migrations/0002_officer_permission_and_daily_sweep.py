"""Officers see failed deliveries; beat runs the reminder sweep every day at 06:00 local time.

The schedule lives in django-celery-beat's tables, so officers can move or pause it in
the admin (Periodic tasks) without a deployment.
"""

import json

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "QMS officer"
PERMISSIONS = ["view_delivery_failures", "view_reminder"]
SWEEP_NAME = "Daily reminder sweep"


def forwards(apps, schema_editor):
    # Also re-run on the live app registry (qms.reference_data, after a flush): leave
    # models_module as it was found.
    app_config = apps.get_app_config("reminders")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=OFFICER)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="reminders", codename__in=PERMISSIONS))

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    PeriodicTask.objects.get_or_create(
        name=SWEEP_NAME,
        defaults={
            "task": "reminders.tasks.reminders_sweep",
            "crontab": schedule,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "description": "Finds due reviews, effective dates and other due events; sends each reminder once.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
