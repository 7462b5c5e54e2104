"""Signatures are immutable in the database too; officers get the approvals rights; a
default route (any one approver) so a fresh installation can approve out of the box.

SQLite gets the UPDATE trigger only: its test-database flush empties tables with DELETE,
which a DELETE trigger would abort. PostgreSQL flushes with TRUNCATE (no row triggers),
so it refuses both UPDATE and DELETE.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER approvals_signature_immutable_update
    BEFORE UPDATE ON approvals_signature
    BEGIN SELECT RAISE(ABORT, 'an electronic signature cannot be changed'); END;
    """,
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS approvals_signature_immutable_update;"]

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION approvals_signature_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'an electronic signature cannot be changed or deleted'
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER approvals_signature_immutable
    BEFORE UPDATE OR DELETE ON approvals_signature
    FOR EACH ROW EXECUTE FUNCTION approvals_signature_immutable();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS approvals_signature_immutable ON approvals_signature;",
    "DROP FUNCTION IF EXISTS approvals_signature_immutable();",
]

OFFICER_PERMISSIONS = ["manage_routes", "decide_change_request", "manage_distribution"]


def triggers_forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(sql)


def triggers_backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, []):
        schema_editor.execute(sql)


def roles_and_default_route(apps, schema_editor):
    # Also re-run on the live app registry (qms.reference_data, after a flush): leave
    # models_module as it was, or the app would stop receiving post_migrate.
    app_config = apps.get_app_config("approvals")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    officer, _created = Group.objects.get_or_create(name="QMS officer")
    for codename in OFFICER_PERMISSIONS:
        officer.permissions.add(Permission.objects.get(content_type__app_label="approvals", codename=codename))
    approver, _created = Group.objects.get_or_create(name="Approver")
    RouteTemplate = apps.get_model("approvals", "RouteTemplate")
    RouteTemplateStage = apps.get_model("approvals", "RouteTemplateStage")
    if not RouteTemplate.objects.exists():
        template = RouteTemplate.objects.create(name="Mặc định: một người phê duyệt / Default: one approver")
        RouteTemplateStage.objects.create(
            template=template, position=1, name="Phê duyệt / Approval", meaning="approved", mode="any", group=approver
        )


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_initial"),
        ("documents", "0002_roles_and_system_user"),
    ]
    operations = [
        migrations.RunPython(triggers_forward, triggers_backward),
        migrations.RunPython(roles_and_default_route, migrations.RunPython.noop),
    ]
