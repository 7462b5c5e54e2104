"""Readers never wait for a render: when a version is approved, and again when it becomes
effective, its controlled PDF is built by a worker task, so the first reader's download
finds it cached and only stamps it."""

import pytest
from django.conf import settings as django_settings

from documents.workflow import DocumentStatus
from qms.celery import app
from renditions import services
from renditions.models import AccessEvent, Rendition
from tests.documents.factories import UserFactory
from tests.renditions.test_services import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks():
    """Tasks run in-process, as under the broker-less `make run`."""
    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was


def test_publishing_a_version_builds_its_controlled_pdfs_without_any_reader(
    settings, django_capture_on_commit_callbacks, eager_tasks
):
    settings.QMS_RENDITION_BUILD_ON_EFFECTIVE = True
    officer = UserFactory(officer=True)
    # given a version walked through approval to effective, and nobody has asked for its PDF
    with django_capture_on_commit_callbacks(execute=True):
        version = register(officer=officer, body="# Phạm vi\n\nÁp dụng cho toàn bộ phòng ban.")
    assert version.status == DocumentStatus.EFFECTIVE
    # then a built, checksummed PDF is waiting in every language, and no reader was logged
    renditions = Rendition.objects.filter(version=version)
    languages = {code for code, _name in django_settings.LANGUAGES}
    assert {r.language for r in renditions} == languages
    assert all(r.state == Rendition.State.READY and r.checksum for r in renditions)
    assert not AccessEvent.objects.filter(version=version).exists()
    # and a reader's request serves that same build (no new render)
    built = {r.language: (r.pk, r.built_at) for r in renditions}
    again = services.rendition_prepare(version=version, language="en")
    assert again.is_ready and (again.pk, again.built_at) == built["en"]


def test_approving_a_version_for_a_later_date_builds_its_controlled_pdfs_at_approval(
    settings, django_capture_on_commit_callbacks, eager_tasks
):
    settings.QMS_RENDITION_BUILD_ON_EFFECTIVE = True
    officer = UserFactory(officer=True)
    # given a version whose route approves it for a date still to come
    with django_capture_on_commit_callbacks(execute=True):
        version = register(
            officer=officer, body="# Phạm vi\n\nÁp dụng từ năm sau.", status=DocumentStatus.APPROVED
        )
    assert version.status == DocumentStatus.APPROVED
    # then its PDF is already built in every language, before anyone reads it
    renditions = Rendition.objects.filter(version=version)
    assert {r.language for r in renditions} == {code for code, _name in django_settings.LANGUAGES}
    assert all(r.state == Rendition.State.READY and r.checksum for r in renditions)
    assert not AccessEvent.objects.filter(version=version).exists()
