"""Signatures are immutable in the database too; a default route (any one approver) so a
fresh installation can approve out of the box. (The officers' approvals rights, once
granted here, are declared in organisation/roles.py and synced on post_migrate.)

SQLite gets the UPDATE trigger only: its test-database flush empties tables with DELETE,
which a DELETE trigger would abort. PostgreSQL flushes with TRUNCATE (no row triggers),
so it refuses both UPDATE and DELETE.
"""

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

def triggers_forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(sql)


def triggers_backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, []):
        schema_editor.execute(sql)


def default_route(apps, schema_editor):
    # Also re-run on the live app registry after a flush (qms.reference_data).
    Group = apps.get_model("auth", "Group")
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
        migrations.RunPython(default_route, migrations.RunPython.noop),
    ]
