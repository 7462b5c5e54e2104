"""Does a database made by an older version migrate forward with its data intact?

    .venv/bin/python tools/forward_migration_check.py <old-commit>

Builds a database with the code of <old-commit> (``git archive`` into a temporary
directory; its own ``migrate`` and demo loaders ``seed_*``), records every table's row
count, the database triggers and each group's permissions, then runs this work tree's
``migrate`` on it and fails if a row, a trigger or a permission went missing.

The database is a temporary SQLite file unless DATABASE_URL names another one, which must
exist and be empty (e.g. ``createdb qms_forward``). tests/organisation/test_forward_migration.py
checks the same for the Department move inside the test suite; this runs real old code.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# Tables a migrate may legitimately add rows to (new permissions, content types, schedules).
MAY_GROW = (
    "auth_permission",
    "django_content_type",
    "django_migrations",
    "django_celery_beat_",
    "sqlite_sequence",
)

SNAPSHOT = """
import json
from django.db import connection
with connection.cursor() as cursor:
    tables = connection.introspection.table_names(cursor)
    counts = {}
    for table in tables:
        cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
        counts[table] = cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        cursor.execute("SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'trigger'")
    else:
        cursor.execute("SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal")
    triggers = sorted(row[0] for row in cursor.fetchall())
    cursor.execute(
        "SELECT g.name, ct.app_label || '.' || p.codename FROM auth_group g "
        "JOIN auth_group_permissions gp ON gp.group_id = g.id "
        "JOIN auth_permission p ON p.id = gp.permission_id "
        "JOIN django_content_type ct ON ct.id = p.content_type_id"
    )
    groups = {}
    for group, perm in cursor.fetchall():
        groups.setdefault(group, []).append(perm)
print(json.dumps({"counts": counts, "triggers": triggers, "groups": groups}))
"""


def manage(tree: Path, env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=tree, env=env, text=True, capture_output=capture
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed in {tree}:\n{result.stderr or ''}")
    return result.stdout if capture else ""


def snapshot(env: dict) -> dict:
    return json.loads(manage(ROOT, env, "shell", "-c", SNAPSHOT, capture=True).strip().splitlines()[-1])


def compare(before: dict, after: dict) -> list[str]:
    problems = []
    for table, count in sorted(before["counts"].items()):
        now = after["counts"].get(table)
        if now is None:
            problems.append(f"table {table} is gone ({count} rows)")
        elif now < count or (now != count and not table.startswith(MAY_GROW)):
            problems.append(f"table {table}: {count} rows before, {now} after")
    problems += [
        f"trigger {name} is gone" for name in sorted(set(before["triggers"]) - set(after["triggers"]))
    ]
    for group, perms in sorted(before["groups"].items()):
        lost = sorted(set(perms) - set(after["groups"].get(group, [])))
        if lost:
            problems.append(f"group {group!r} lost {lost}")
    return problems


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    commit = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="qms-forward-") as workdir:
        old = Path(workdir) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        env = dict(os.environ)
        env.setdefault("DATABASE_URL", f"sqlite:///{workdir}/forward.sqlite3")
        env.update(DEBUG="true", MEDIA_ROOT=f"{workdir}/media", DJANGO_SETTINGS_MODULE="qms.settings.base")
        env.pop("REDIS_URL", None)  # the loaders run their tasks in-process

        manage(old, env, "migrate", "-v", "0")
        # seed_demo first: the other loaders build on its users and documents.
        loaders = sorted(path.stem for path in old.glob("*/management/commands/seed_*.py"))
        for loader in sorted(loaders, key=lambda name: name != "seed_demo"):
            manage(old, env, loader, capture=True)
        before = snapshot(env)
        manage(ROOT, env, "migrate", "-v", "1")
        after = snapshot(env)

    problems = compare(before, after)
    rows = sum(before["counts"].values())
    print(
        f"{commit}: {rows} rows in {len(before['counts'])} tables, {len(before['triggers'])} triggers, "
        f"{sum(len(p) for p in before['groups'].values())} group permissions before the migrate"
    )
    for problem in problems:
        print("  LOST:", problem)
    print("intact" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
