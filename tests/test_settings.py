"""Settings come from the environment; production refuses the built-in secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(module: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], settings.TIME_ZONE)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
    )


def test_debug_off_without_secret_key_refuses_to_start_with_a_clear_message():
    result = _import_settings("qms.settings.base", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_debug():
    result = _import_settings("qms.settings.production", DEBUG="true", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_database_and_time_zone_come_from_the_environment():
    result = _import_settings(
        "qms.settings.base",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@db:5432/qms",
        TIME_ZONE="Europe/Paris",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "Europe/Paris"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's connection settings")
def test_postgresql_connections_are_kept_and_leave_small_queries_to_one_process():
    # given the settings' defaults (DB_CONN_MAX_AGE, DB_PARALLEL_SETUP_COST unset)
    settings_dict = connection.settings_dict
    assert settings_dict["CONN_MAX_AGE"] == 60 and settings_dict["CONN_HEALTH_CHECKS"]
    # then the connection the app opens plans with the raised parallel setup cost
    with connection.cursor() as cursor:
        cursor.execute("SHOW parallel_setup_cost")
        assert cursor.fetchone()[0] == "10000"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_plans_a_repeated_query_once_per_connection():
    # given the settings' defaults (DB_SERVER_SIDE_BINDING unset)
    from django.contrib.auth import get_user_model

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    # when the same query (one no other test runs) runs a few times
    for _ in range(3):
        list(get_user_model().objects.filter(username="nobody", last_name="here", first_name="at all"))
    # then the server keeps it prepared for the connection
    assert prepared() > before
