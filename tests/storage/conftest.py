"""A real S3-protocol server for the object-storage tests: moto's standalone server (from
PyPI, moto[server]) started on a free local port for the session. Without it the tests
skip with the reason on a developer machine and fail when CI=true."""

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import CI


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unavailable(message: str):
    if CI:
        pytest.fail(f"CI=true and the S3 test server could not start: {message}", pytrace=False)
    pytest.skip(f"S3 test server unavailable: {message}")


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of a moto S3 server running for this test session."""
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError as missing:
        _unavailable(f"{missing} (pip install -r requirements-dev.txt)")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                _unavailable(server.stderr.read().decode(errors="replace")[-2000:] or "no answer in 20 s")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()


S3_KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing", "S3_REGION": "us-east-1"}


def s3_environment(endpoint: str, bucket: str) -> dict:
    """The environment an app server is given to store its files in the test bucket."""
    return {"FILE_STORAGE": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint, **S3_KEYS}


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["S3_SECRET_ACCESS_KEY"],
        region_name=S3_KEYS["S3_REGION"],
    )


@pytest.fixture
def s3_bucket(s3_endpoint):
    """A fresh bucket per test."""
    bucket = f"qms-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture
def s3_storage(settings, s3_endpoint, s3_bucket):
    """Django's default storage switched to the test bucket, exactly as base settings build
    it from the environment (qms.env.file_storage); MEDIA_ROOT points nowhere usable."""
    import environ

    from qms.env import file_storage

    env = environ.Env()
    previous = {name: os.environ.get(name) for name in s3_environment("", "")}
    os.environ.update(s3_environment(s3_endpoint, s3_bucket))
    try:
        default = file_storage(env)
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    settings.STORAGES = {**settings.STORAGES, "default": default}
    settings.MEDIA_ROOT = "/nonexistent/qms-media-must-not-be-used"
    return s3_client(s3_endpoint), s3_bucket
