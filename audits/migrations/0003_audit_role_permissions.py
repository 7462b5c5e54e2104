"""Audit rights of the existing role groups: auditors plan and see every audit;
QMS officers also close audits and keep auditor qualification records."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDIT_ROLE_PERMISSIONS = {
    "Auditor": ["view_all_audits", "plan_audit"],
    "QMS officer": ["view_all_audits", "plan_audit", "close_audit", "manage_auditor_qualification"],
}


def grant(apps, schema_editor):
    # Also re-run on the live app registry (qms.reference_data, after a flush): leave
    # models_module as it was found.
    app_config = apps.get_app_config("audits")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in AUDIT_ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for codename in codenames:
            group.permissions.add(Permission.objects.get(content_type__app_label="audits", codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in AUDIT_ROLE_PERMISSIONS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="audits", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_iso9001_clauses"),
        ("documents", "0002_roles_and_system_user"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
