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


@pytest.fixture
def pdf_upload():
    from tests.documents.factories import make_upload

    return make_upload("quy-trinh.pdf")


@pytest.fixture
def docx_upload():
    from tests.documents.factories import make_upload

    return make_upload("hướng dẫn.docx")
