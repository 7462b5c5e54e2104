"""Grant the QMS officer role the permissions of this app (issue and retrieve
controlled copies, read the access log)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "QMS officer"
CODENAMES = ["add_controlledcopy", "view_controlledcopy", "retrieve_controlledcopy", "view_accessevent"]


def grant(apps, schema_editor):
    # Also re-run on the live app registry (qms.reference_data, after a flush): leave
    # models_module as it was found.
    app_config = apps.get_app_config("renditions")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=OFFICER)
    for codename in CODENAMES:
        group.permissions.add(Permission.objects.get(content_type__app_label="renditions", codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="renditions", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("renditions", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
