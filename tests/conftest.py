"""Shared fixtures. Service-backed tests (PostgreSQL, Redis) skip with a reason on a
developer machine without the service and fail when CI=true."""

import os
import socket

import pytest
from django.db import connection

CI = os.environ.get("CI", "").lower() == "true"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int, hint: str):
    if _reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}. {hint}"
    if CI:
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _service_markers(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        # In the SQLite pass these run in the PostgreSQL pass of .ci/run; fail in CI
        # only if that pass cannot happen because the server is missing.
        require_service("PostgreSQL", "127.0.0.1", 5432, "Start it (see ../shared/SERVICES.md).")
        pytest.skip("needs PostgreSQL: runs with DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms")
    if request.node.get_closest_marker("redis"):
        require_service("Redis", "127.0.0.1", 6379, "Start it (see ../shared/SERVICES.md).")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request or a service that activated
    Vietnamese in this thread must not leak into the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Sign-in slow-down and rate-limit counters live in the (local-memory) cache: each test
    # starts with none, whatever earlier tests typed wrong.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def pdf_upload():
    from tests.documents.factories import make_upload

    return make_upload("quy-trinh.pdf")


@pytest.fixture
def docx_upload():
    from tests.documents.factories import make_upload

    return make_upload("hướng dẫn.docx")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context on the live server; ``page.base_url`` is its address."""
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def browser_login(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
