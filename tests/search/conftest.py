import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from documents import services
from documents.models import Document
from documents.permissions import document_grant_read
from search.services import version_text_extract
from tests.documents.factories import (
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    advance_version,
    record_no_readers_unless_distributed,
)


def register(
    *, officer, title, file_name, content, department, doc_type, confidential=False, status="effective"
):
    """A document whose first version holds ``content`` and reached ``status`` through the
    services; its text extracted (on_commit does not run inside a test's transaction)."""
    document = services.document_register(
        actor=officer,
        doc_type=doc_type,
        department=department,
        title=title,
        confidentiality=Document.Confidentiality.CONFIDENTIAL
        if confidential
        else Document.Confidentiality.INTERNAL,
        file=SimpleUploadedFile(file_name, content),
    )
    record_no_readers_unless_distributed(document, officer=officer)
    version = advance_version(document.versions.get(), status, officer=officer)
    version_text_extract(version_id=version.pk)
    return version


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("search-media"))):
        yield


@pytest.fixture
def _media_root():
    """Module fixtures keep their files in the module's media root."""


def module_world(django_db_blocker, build):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def people_and_places():
    return {
        "officer": UserFactory(officer=True),
        "staff": UserFactory(staff=True),
        "department": DepartmentFactory(code="DT", name="Phòng Đào tạo"),
        "other_department": DepartmentFactory(code="VP", name="Văn phòng"),
        "procedure": DocumentTypeFactory(),
        "form_type": DocumentTypeFactory(code="BM", name="Biểu mẫu"),
        "grant": document_grant_read,
    }
