"""Formerly: QMS officers may see and change the beat schedule (django-celery-beat) in the admin.

Roles and their permissions are declared once in organisation/roles.py and synced on
post_migrate (organisation.services.roles_sync); nothing here imports
live code any more. This migration stays because
existing databases have applied it; it no longer does anything.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reminders", "0002_officer_permission_and_daily_sweep")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
