"""Formerly: the QMS officer's right to record the periodic review of any document.

Roles and their permissions are declared once in organisation/roles.py and synced on
post_migrate (organisation.services.roles_sync); nothing here imports
live code any more. This migration stays because
existing databases have applied it; it no longer does anything.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
