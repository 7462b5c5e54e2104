"""HTTPS redirect, HSTS and the session length come from the environment; production
redirects to HTTPS unless told otherwise, development never does."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_AGE"]


def settings_of(module: str, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", *NAMES}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}))",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_serves_plain_http_without_hsts():
    values = settings_of("qms.settings.base", DEBUG="true")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600


def test_production_redirects_to_https_and_takes_hsts_and_session_length_from_the_environment():
    assert settings_of("qms.settings.production")["SECURE_SSL_REDIRECT"] is True
    values = settings_of(
        "qms.settings.production",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SESSION_COOKIE_AGE="1800",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_AGE": 1800,
    }
    assert settings_of("qms.settings.production", SECURE_SSL_REDIRECT="false")["SECURE_SSL_REDIRECT"] is False


@pytest.mark.django_db
def test_with_the_settings_on_http_is_redirected_and_https_answers_carry_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    plain = Client().get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = Client().get("/accounts/login/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
def test_a_sign_in_lasts_the_configured_time(settings):
    from tests.documents.factories import PASSWORD, UserFactory

    settings.SESSION_COOKIE_AGE = 1800
    user = UserFactory(staff=True)
    response = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 1800
