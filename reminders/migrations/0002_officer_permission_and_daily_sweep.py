"""Beat runs the reminder sweep every day at 06:00 local time. (The officers' right to see
failed deliveries, once granted here, is declared in organisation/roles.py and synced on
post_migrate.)

The schedule lives in django-celery-beat's tables, so officers can move or pause it in
the admin (Periodic tasks) without a deployment.
"""

import json

from django.conf import settings
from django.db import migrations

SWEEP_NAME = "Daily reminder sweep"


def forwards(apps, schema_editor):
    # Also re-run on the live app registry after a flush (qms.reference_data).
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
