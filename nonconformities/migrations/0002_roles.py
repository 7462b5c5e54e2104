"""Formerly: the nonconformity permissions of the role groups.

Roles and their permissions are declared once in organisation/roles.py and synced on
post_migrate (organisation.services.roles_sync); nothing here imports
live code any more. This migration stays because
existing databases have applied it; it no longer does anything.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("nonconformities", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
