"""Database triggers that refuse to change or delete a frozen finding or an issued report.

The models refuse too (FrozenAuditRecordError); the triggers catch what bypasses them
(QuerySet.update, raw SQL, a bug). New findings may still be added as corrections.
"""

from django.db import migrations

FINDING = ["audit_id", "sequence", "category", "clause_id", "department_id", "statement", "evidence",
           "checklist_item_id", "corrects_id", "created_by_id", "frozen"]
REPORT = ["audit_id", "summary", "conclusion", "issued_by_id", "issued_at", "signature_meaning", "pdf",
          "pdf_checksum"]


def _sqlite(table, name, when, columns):
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    return [
        f"""
        CREATE TRIGGER {name}_update BEFORE UPDATE ON {table}
        FOR EACH ROW WHEN {when} AND ({changed})
        BEGIN SELECT RAISE(ABORT, '{table}: record is frozen and cannot be changed'); END;
        """,
        f"""
        CREATE TRIGGER {name}_delete BEFORE DELETE ON {table}
        FOR EACH ROW WHEN {when}
        BEGIN SELECT RAISE(ABORT, '{table}: record is frozen and cannot be deleted'); END;
        """,
    ]


def _postgres(table, name, when, columns):
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
    return [
        f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF {when} THEN
                    RAISE EXCEPTION '{table}: record is frozen and cannot be deleted'
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN OLD;
            END IF;
            IF {when} AND ({changed}) THEN
                RAISE EXCEPTION '{table}: record is frozen and cannot be changed'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """,
        f"""
        CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {name}();
        """,
    ]


SQLITE_FORWARD = _sqlite("audits_finding", "audits_finding_frozen", "OLD.frozen = 1", FINDING) + _sqlite(
    "audits_auditreport", "audits_report_issued", "OLD.issued_at IS NOT NULL", REPORT
)
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}_{op};"
    for name in ("audits_finding_frozen", "audits_report_issued")
    for op in ("update", "delete")
]
POSTGRES_FORWARD = _postgres("audits_finding", "audits_finding_frozen", "OLD.frozen", FINDING) + _postgres(
    "audits_auditreport", "audits_report_issued", "OLD.issued_at IS NOT NULL", REPORT
)
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audits_finding_frozen ON audits_finding;",
    "DROP FUNCTION IF EXISTS audits_finding_frozen();",
    "DROP TRIGGER IF EXISTS audits_report_issued ON audits_auditreport;",
    "DROP FUNCTION IF EXISTS audits_report_issued();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_audit_role_permissions")]
    operations = [migrations.RunPython(forwards, backwards)]
