"""Two app servers (gunicorn, on two ports) over one PostgreSQL, one Redis and one object
store (moto's S3 server): a file uploaded through one is submitted, signed and downloaded
through the other; wrong passwords typed at both count into one lockout, and requests to
both into one rate limit. Runs in the PostgreSQL pass of .ci/run (REDIS_TEST_URL names
the Redis database)."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.urls import reverse

from documents.models import Document
from documents.workflow import DocumentStatus
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    make_upload,
)
from tests.storage.conftest import _free_port, s3_environment

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/12")


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start(port: int, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "qms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def _wait(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10).status_code == 200:
                return
        except (OSError, requests.RequestException):
            time.sleep(0.1)
    pytest.fail(
        f"app server on {port} did not start:\n{log.read_text(errors='replace')[-3000:]}", pytrace=False
    )


@pytest.fixture
def two_servers(transactional_db, s3_endpoint, s3_bucket, tmp_path):
    import redis

    redis.Redis.from_url(REDIS).flushdb()  # counters start at zero
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))},
        "DJANGO_SETTINGS_MODULE": "tests.storage.instance_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS,
        "MEDIA_ROOT": "/nonexistent/qms-media-must-not-be-used",
        "LOGIN_FAILURE_LIMIT": "3",
        "LOGIN_SLOW_AFTER": "100",
        "LOGIN_ADDRESS_SLOW_AFTER": "1000",
        **s3_environment(s3_endpoint, s3_bucket),
    }
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / f"app-{port}.log" for port in ports]
    servers = [_start(port, env, log) for port, log in zip(ports, logs, strict=True)]
    try:
        for server, port, log in zip(servers, ports, logs, strict=True):
            _wait(server, port, log)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def signed_in(base: str, user) -> requests.Session:
    session = requests.Session()
    token = _csrf(session, f"{base}/accounts/login/")
    response = session.post(
        f"{base}/accounts/login/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[-500:]
    return session


def post(session, base, path, data, files=None):
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(f"{base}{path}", data=data, files=files, allow_redirects=False, timeout=60)


def basic(base, user, password):
    return requests.get(f"{base}/api/v1/documents/", auth=(user.username, password), timeout=30)


def test_upload_on_one_server_sign_and_download_on_the_other_lockouts_count_across(two_servers):
    one, two = two_servers
    officer, approver = UserFactory(officer=True), UserFactory(approver=True)
    department = DepartmentFactory(code="VP")
    reader = UserFactory(staff=True, departments=[department])
    doc_type = DocumentTypeFactory()
    upload = make_upload("quy-trình.pdf")
    original = upload.read()
    # when the officer uploads through server one
    officer_one = signed_in(one, officer)
    _csrf(officer_one, f"{one}{reverse('documents:register')}")
    response = post(
        officer_one,
        one,
        reverse("documents:register"),
        {
            "doc_type": doc_type.pk,
            "department": department.pk,
            "title": "Quy trình hai máy chủ",
            "confidentiality": "internal",
            "distribution": department.pk,
        },
        files={"file": ("quy-trình.pdf", original, "application/pdf")},
    )
    assert response.status_code == 302, response.text[-800:]
    version = Document.objects.get().versions.get()
    # then server two submits it, and the approver signs it there with the password
    assert (
        post(officer_one, two, reverse("documents:transition", args=[version.pk, "submit"]), {}).status_code
        == 302
    )
    approver_two = signed_in(two, approver)
    signing = post(
        approver_two,
        two,
        reverse("approvals:sign", args=[version.pk]),
        {"decision": "approve", "password": PASSWORD},
    )
    assert signing.status_code == 302
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE and version.approved_by == approver
    # and a reader gets the same bytes from either server
    reader_two = signed_in(two, reader)
    for base in (two, one):
        download = reader_two.get(f"{base}{reverse('documents:download', args=[version.pk])}", timeout=30)
        assert download.status_code == 200 and download.content == original
    pdf = reader_two.get(f"{one}{reverse('renditions:version_pdf', args=[version.pk])}", timeout=120)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # when wrong passwords for one account come in at both servers (limit 3)
    assert basic(one, reader, "wrong-1").status_code == 401
    assert basic(two, reader, "wrong-2").status_code == 401
    assert basic(one, reader, "wrong-3").status_code == 401
    # then the right password is refused at both, saying why
    for base in (two, one):
        refused = basic(base, reader, PASSWORD)
        assert refused.status_code == 429 and "locked until" in refused.json()["detail"]
    # and the public status look-up's rate limit (3 an hour here) counts across both
    status_url = reverse("public_feedback_status")
    looked_up = [
        requests.get(f"{base}{status_url}", {"reference": "PA-AAAA-AAAA-AAAA-AAAA"}, timeout=30).status_code
        for base in (one, two, one, two)
    ]
    assert looked_up == [400, 400, 400, 429]
    # and signing out on one server ends the session on both (sessions in the shared cache)
    home = reverse("home")
    assert officer_one.get(f"{two}{home}", allow_redirects=False, timeout=30).status_code == 200
    assert post(officer_one, one, reverse("logout"), {}).status_code == 302
    for base in (two, one):
        assert officer_one.get(f"{base}{home}", allow_redirects=False, timeout=30).status_code == 302
