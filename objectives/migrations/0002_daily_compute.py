"""Beat computes the built-in indicators' measurements every day at 05:30 local time
(django-celery-beat's tables: officers can move or pause it in the admin)."""

import json

from django.conf import settings
from django.db import migrations

TASK_NAME = "Daily objective measurements"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="30", hour="5", day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "objectives.tasks.objectives_compute",
            "crontab": schedule,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "description": "Computes the measurements of objectives measured by built-in indicators.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
