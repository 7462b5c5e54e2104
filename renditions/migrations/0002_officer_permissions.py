"""Formerly: the QMS officer's controlled-copy and access-log permissions.

Roles and their permissions are declared once in organisation/roles.py and synced on
post_migrate (organisation.services.roles_sync); nothing here imports
live code any more. This migration stays because
existing databases have applied it; it no longer does anything.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("renditions", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
