"""A real Celery worker against the real Redis (database 15, flushed before and after).

Worker, sweep and seeding run as separate processes, as in production, on a database of
their own, copied from the migrated test database: a SQLite file in the SQLite pass (an
in-memory test database cannot be shared between processes), a PostgreSQL database made
from the test database as template in the PostgreSQL pass. The worker
writes e-mails with the file backend into a temporary folder that the test reads.
"""

import email
import json
import os
import subprocess
import sys
import time
import uuid
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REDIS_URL = "redis://127.0.0.1:6379/15"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
BASE_DIR = Path(settings.BASE_DIR)

pytestmark = pytest.mark.redis


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL)


@pytest.fixture
def worker_database(tmp_path, transactional_db, django_db_blocker):
    """(DATABASE_URL, migrated) for a database the worker processes can share: a copy of the
    migrated test database (migrating twenty apps anew costs about a minute of CPU), or an
    empty one that the test migrates when PostgreSQL cannot copy (someone else connected)."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            import psycopg

            params = connection.settings_dict
            name = f"qms_worker_it_{uuid.uuid4().hex[:8]}"
            host, port, user = (
                params["HOST"] or "127.0.0.1",
                params["PORT"] or 5432,
                params["USER"] or "postgres",
            )
            admin = f"host={host} port={port} user={user} dbname=postgres"
            if params.get("PASSWORD"):
                admin += f" password={params['PASSWORD']}"
            connection.close()  # a database with sessions cannot be copied
            with psycopg.connect(admin, autocommit=True) as conn:
                try:
                    conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{params["NAME"]}"')
                    migrated = True
                except psycopg.errors.ObjectInUse:
                    conn.execute(f'CREATE DATABASE "{name}"')
                    migrated = False
            password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
            yield f"postgres://{user}{password}@{host}:{port}/{name}", migrated
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            import sqlite3

            path = tmp_path / "worker.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(path)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
            yield f"sqlite:///{path}", True


@pytest.fixture
def worker_env(tmp_path, worker_database):
    maildir = tmp_path / "mail"
    maildir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
        "PYTHONPATH": str(BASE_DIR),
        "SECRET_KEY": "worker-integration-test-key",
        "DEBUG": "",
        "DATABASE_URL": worker_database[0],
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "QMS_TEST_EMAIL_DIR": str(maildir),
        "TIME_ZONE": settings.TIME_ZONE,
        "QMS_TEST_QUEUE": f"qms-reminders-it-{uuid.uuid4().hex[:8]}",
    }
    _redis().flushdb()
    yield env, maildir, worker_database[1]
    _redis().flushdb()


def _run(env, *args, timeout=180) -> str:
    result = subprocess.run(
        args, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _celery(*args):
    return [str(Path(sys.executable).with_name("celery")), "-A", "qms", *args]


def _emails(maildir: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(maildir.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                message = email.message_from_bytes(chunk)
                found.append((message["To"], str(make_header(decode_header(message["Subject"])))))
    return found


def _queue_idle(queue: str) -> bool:
    """Nothing waiting in our queue and nothing of ours taken but not yet acknowledged."""
    client = _redis()
    unacked = [json.loads(value) for value in client.hvals("unacked")]
    return client.llen(queue) == 0 and not [entry for entry in unacked if entry[-1] == queue]


def test_sweep_through_the_broker_sends_exactly_one_email_per_due_event(worker_env):
    env, maildir, migrated = worker_env
    # given a migrated database with two reviews due today, one 20 days overdue (owner and
    # department head are told) and a version taking effect today
    if not migrated:
        _run(env, sys.executable, "manage.py", "migrate", "--noinput", timeout=300)
    seeded = json.loads(
        _run(env, sys.executable, "-m", "tests.reminders.worker_seed").strip().splitlines()[-1]
    )
    worker = subprocess.Popen(
        _celery(
            "worker",
            "--loglevel=info",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
            "--queues",
            env["QMS_TEST_QUEUE"],
        ),
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # when the sweep task is sent through the broker three times (two beats and a retry)
        # and the cron command runs it once more
        for _ in range(3):
            _run(env, *_celery("call", "reminders.tasks.reminders_sweep"))
        _run(env, sys.executable, "manage.py", "send_reminders")
        expected = len(seeded["expected"])
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if len(_emails(maildir)) >= expected and _queue_idle(env["QMS_TEST_QUEUE"]):
                break
            assert worker.poll() is None, "the worker exited early"
            time.sleep(0.5)
        time.sleep(3)  # anything sent twice would arrive now
        assert _queue_idle(env["QMS_TEST_QUEUE"])
        sent = _emails(maildir)
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    # then every due event produced exactly one e-mail
    assert len(sent) == expected, f"{sent}\n--- worker log ---\n{output[-4000:]}"
    for recipient, title in seeded["expected"]:
        assert len([s for s in sent if s[0] == recipient and title in s[1]]) == 1, (recipient, title, sent)
    # and the outbox agrees, and the approved version took effect in the worker
    report = _run(
        env,
        sys.executable,
        "manage.py",
        "shell",
        "-c",
        "import json; from reminders.models import Reminder; from documents.models import DocumentVersion; "
        "print(json.dumps({'statuses': sorted(Reminder.objects.values_list('status', flat=True)), "
        f"'effective': DocumentVersion.objects.get(pk={seeded['takes_effect_version']}).status}}))",
    )
    state = json.loads(report.strip().splitlines()[-1])
    assert state == {"statuses": ["sent"] * expected, "effective": "effective"}
