"""Formerly: the audit rights of the role groups.

Roles and their permissions are declared once in organisation/roles.py and synced on
post_migrate (organisation.services.roles_sync); nothing here imports
live code any more. This migration stays because
existing databases have applied it; it no longer does anything.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_iso9001_clauses"),
        ("documents", "0002_roles_and_system_user"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
