"""Beat runs two renditions sweeps: every 5 minutes, builds lost with their worker are
marked failed (the reader gets "Try again"); every day at 02:30 local time, every stored
file and cached PDF is checked against its SHA-256 and officers are told of new findings.

The schedules live in django-celery-beat's tables (officers may move or pause them in
the admin). qms.reference_data re-runs ``forwards`` after a flush.
"""

import json

from django.conf import settings
from django.db import migrations

STUCK_SWEEP = "Stuck PDF builds"
INTEGRITY_SWEEP = "Stored file integrity check"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _created = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=STUCK_SWEEP,
        defaults={
            "task": "renditions.tasks.renditions_expire_stuck_task",
            "interval": every_five,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "description": "Marks failed the PDF builds still waiting or building after "
            "RENDITION_STUCK_AFTER_SECONDS, so readers can try again.",
        },
    )
    nightly, _created = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(
        name=INTEGRITY_SWEEP,
        defaults={
            "task": "renditions.tasks.stored_files_sweep_task",
            "crontab": nightly,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "description": "Checks every stored file and cached PDF against its SHA-256 "
            "(as manage.py verify_files does); tells the QMS officers of each new finding once.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[STUCK_SWEEP, INTEGRITY_SWEEP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("renditions", "0003_checksum_failure_and_integrity_alerts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
