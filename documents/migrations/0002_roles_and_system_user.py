"""Formerly: role groups with their model permissions, and the system user.

Roles and their permissions are declared once in organisation/roles.py and synced on
post_migrate (organisation.services.roles_sync); the system user is
created there too (organisation.services.system_user). This migration stays because
existing databases have applied it; it no longer does anything.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
