"""The Celery task's limits, and the task as the broker-less demo runs it."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from documents.workflow import DocumentStatus
from renditions.models import Rendition, RenditionKind
from renditions.tasks import SOFT_TIME_LIMIT, TIME_LIMIT, rendition_build_task
from tests.documents.factories import UserFactory, make_document

CAP_PROBE = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.test"
django.setup()
from django.conf import settings
settings.QMS_RENDITION_MEMORY_LIMIT_MB = 1024
from renditions.tasks import _limit_memory
_limit_memory()
try:
    bytearray(2 * 1024 ** 3)
    print("not capped")
except MemoryError:
    print("capped")
"""


def test_worker_memory_cap_turns_a_runaway_render_into_a_memory_error():
    # given a worker child process with the cap applied (a separate process: the cap is for good)
    result = subprocess.run(
        [sys.executable, "-c", CAP_PROBE],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then allocating beyond it fails instead of exhausting the machine
    assert result.stdout.strip().splitlines()[-1] == "capped", result.stderr[-2000:]


def test_task_has_time_limits():
    assert (
        rendition_build_task.soft_time_limit
        == SOFT_TIME_LIMIT
        < rendition_build_task.time_limit
        == TIME_LIMIT
    )


@pytest.mark.django_db
def test_task_builds_a_pending_rendition_and_ignores_a_deleted_one():
    version = make_document(
        officer=UserFactory(officer=True), status=DocumentStatus.EFFECTIVE, file_name=None
    ).versions.get()
    rendition = Rendition.objects.create(version=version, kind=RenditionKind.CONTROLLED, language="vi")
    rendition_build_task.delay(rendition.pk)  # in-process: no broker in tests
    rendition.refresh_from_db()
    assert rendition.is_ready and rendition.progress == 100
    rendition_build_task.delay(rendition.pk + 1000)  # a deleted row is a no-op
