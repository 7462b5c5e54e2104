"""Database triggers that keep signed minutes and the frozen input snapshot as they are.

The models refuse too (SignedMinutesError); the triggers catch what bypasses them
(QuerySet.update, raw SQL, a bug):
- a review whose minutes are signed: no content column changes (PostgreSQL: no delete);
- a section's compiled snapshot (key, title, figures, chart, links, note) never changes
  once written; after signing its commentary neither (PostgreSQL: no delete);
- a decision's content (kind, description, owner, due date) is frozen once the minutes are
  signed, its status still moves to done; nothing is added to signed minutes.
SQLite keeps only UPDATE and INSERT guards: a flush empties tables with DELETE in an order
no row condition can tell from a real delete (see audits 0006); the models and PROTECT
foreign keys refuse deletion there. PostgreSQL flushes with TRUNCATE, which row triggers
do not see.
"""

from django.db import migrations

REVIEW = "management_reviews_managementreview"
SECTION = "management_reviews_reviewsection"
DECISION = "management_reviews_reviewdecision"
REVIEW_CONTENT = ["number", "title", "period_start", "period_end", "meeting_date", "chair_id", "status",
                  "conclusions", "corrects_id", "signed_at", "minutes_pdf", "minutes_checksum", "created_by_id"]
SNAPSHOT = ["review_id", "key", "title", "figures", "chart", "links", "note"]
DECISION_CONTENT = ["review_id", "kind", "description", "owner_id", "due_date", "clause_id"]


def _signed(alias: str) -> str:
    return f"(SELECT status FROM {REVIEW} WHERE id = {alias}.review_id) = 'signed'"


def _changed(columns, op: str) -> str:
    return " OR ".join(f"NEW.{c} {op} OLD.{c}" for c in columns)


SQLITE_FORWARD = [
    f"""CREATE TRIGGER mr_review_signed_update BEFORE UPDATE ON {REVIEW}
    FOR EACH ROW WHEN OLD.status = 'signed' AND ({_changed(REVIEW_CONTENT, "IS NOT")})
    BEGIN SELECT RAISE(ABORT, 'management review minutes are signed and cannot be changed'); END;""",
    f"""CREATE TRIGGER mr_section_snapshot_update BEFORE UPDATE ON {SECTION}
    FOR EACH ROW WHEN ({_changed(SNAPSHOT, "IS NOT")}) OR
        ({_signed("OLD")} AND NEW.commentary IS NOT OLD.commentary)
    BEGIN SELECT RAISE(ABORT, 'management review inputs are frozen'); END;""",
    f"""CREATE TRIGGER mr_decision_signed_update BEFORE UPDATE ON {DECISION}
    FOR EACH ROW WHEN {_signed("OLD")} AND ({_changed(DECISION_CONTENT, "IS NOT")})
    BEGIN SELECT RAISE(ABORT, 'management review minutes are signed: the decision cannot be changed'); END;""",
    f"""CREATE TRIGGER mr_section_signed_insert BEFORE INSERT ON {SECTION}
    FOR EACH ROW WHEN {_signed("NEW")}
    BEGIN SELECT RAISE(ABORT, 'management review minutes are signed: nothing can be added'); END;""",
    f"""CREATE TRIGGER mr_decision_signed_insert BEFORE INSERT ON {DECISION}
    FOR EACH ROW WHEN {_signed("NEW")}
    BEGIN SELECT RAISE(ABORT, 'management review minutes are signed: nothing can be added'); END;""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in ("mr_review_signed_update", "mr_section_snapshot_update", "mr_decision_signed_update",
                 "mr_section_signed_insert", "mr_decision_signed_insert")
]

POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION mr_review_signed() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.status = 'signed' THEN
                RAISE EXCEPTION 'management review minutes are signed and cannot be deleted'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF OLD.status = 'signed' AND ({_changed(REVIEW_CONTENT, "IS DISTINCT FROM")}) THEN
            RAISE EXCEPTION 'management review minutes are signed and cannot be changed'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER mr_review_signed BEFORE UPDATE OR DELETE ON {REVIEW}
    FOR EACH ROW EXECUTE FUNCTION mr_review_signed();""",
    f"""CREATE OR REPLACE FUNCTION mr_section_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF {_signed("NEW")} THEN
                RAISE EXCEPTION 'management review minutes are signed: nothing can be added'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' THEN
            IF {_signed("OLD")} THEN
                RAISE EXCEPTION 'management review minutes are signed: nothing can be removed'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF ({_changed(SNAPSHOT, "IS DISTINCT FROM")}) OR
           ({_signed("OLD")} AND NEW.commentary IS DISTINCT FROM OLD.commentary) THEN
            RAISE EXCEPTION 'management review inputs are frozen'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER mr_section_frozen BEFORE INSERT OR UPDATE OR DELETE ON {SECTION}
    FOR EACH ROW EXECUTE FUNCTION mr_section_frozen();""",
    f"""CREATE OR REPLACE FUNCTION mr_decision_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF {_signed("NEW")} THEN
                RAISE EXCEPTION 'management review minutes are signed: nothing can be added'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' THEN
            IF {_signed("OLD")} THEN
                RAISE EXCEPTION 'management review minutes are signed: nothing can be removed'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF {_signed("OLD")} AND ({_changed(DECISION_CONTENT, "IS DISTINCT FROM")}) THEN
            RAISE EXCEPTION 'management review minutes are signed: the decision cannot be changed'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER mr_decision_frozen BEFORE INSERT OR UPDATE OR DELETE ON {DECISION}
    FOR EACH ROW EXECUTE FUNCTION mr_decision_frozen();""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS mr_review_signed ON {REVIEW};",
    "DROP FUNCTION IF EXISTS mr_review_signed();",
    f"DROP TRIGGER IF EXISTS mr_section_frozen ON {SECTION};",
    "DROP FUNCTION IF EXISTS mr_section_frozen();",
    f"DROP TRIGGER IF EXISTS mr_decision_frozen ON {DECISION};",
    "DROP FUNCTION IF EXISTS mr_decision_frozen();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("management_reviews", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
