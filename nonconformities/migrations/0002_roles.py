"""Give the role groups their nonconformity permissions (the groups come from documents)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from nonconformities.permissions import ROLE_PERMISSIONS


def grant(apps, schema_editor):
    # Also run with the real app registry after a flush (qms.reference_data): put back
    # what was there, or the app would stop receiving post_migrate.
    app_config = apps.get_app_config("nonconformities")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("nonconformities", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
