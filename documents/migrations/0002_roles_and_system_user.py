"""Role groups with their model permissions, and the system user background steps act as."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from documents.permissions import ROLE_PERMISSIONS


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    # Also re-run with the real app registry after a flush (qms.reference_data): put
    # models_module back as found, or those apps would stop receiving post_migrate.
    for app_config in apps.get_app_configs():
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
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    User = apps.get_model("auth", "User")
    User.objects.get_or_create(
        username="qms-system", defaults={"first_name": "QMS", "last_name": "system", "is_active": False}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
