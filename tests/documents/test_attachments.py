"""Attachments of a version: further files beside its main file, checked by content,
frozen with the version, read through the version's visibility rule."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from documents import services
from documents.models import FrozenVersionError, VersionAttachment
from documents.workflow import DocumentStatus, TransitionError
from tests.documents.factories import PASSWORD, UserFactory, advance_version, make_document, make_upload

pytestmark = pytest.mark.django_db


def _media_files():
    return sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


@pytest.fixture
def officer():
    return UserFactory(officer=True)


@pytest.fixture
def author():
    return UserFactory(author=True)


def _draft(officer, author):
    return make_document(officer=officer, author=author, status=DocumentStatus.DRAFT).versions.get()


def test_author_attaches_a_form_to_a_draft_and_the_version_page_lists_it(client, officer, author):
    # given a draft of the author's
    version = _draft(officer, author)
    # when they attach a form to it
    attachment = services.version_attachment_add(
        actor=author, version=version, file=make_upload("biểu-mẫu-01.docx", text="Phiếu yêu cầu")
    )
    # then it is stored with its name, size, type and SHA-256, and its history names the author
    attachment.refresh_from_db()
    assert attachment.original_filename == "biểu-mẫu-01.docx"
    assert attachment.size > 0 and len(attachment.checksum) == 64
    assert attachment.content_type.endswith("wordprocessingml.document")
    assert attachment.history.get().history_user == author
    # and the version page lists it with its size and a link to its download
    client.login(username=author.username, password=PASSWORD)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    assert "Attachments" in page and "biểu-mẫu-01.docx" in page
    assert reverse("documents:attachment_download", args=[attachment.pk]) in page


def test_a_file_refused_by_its_content_leaves_nothing(officer, author):
    version = _draft(officer, author)
    before = _media_files()
    with pytest.raises(ValidationError, match="not accepted"):
        services.version_attachment_add(
            actor=author, version=version, file=make_upload("script.pdf", content=b"#!/bin/sh\nrm -rf /\n")
        )
    assert not VersionAttachment.objects.exists()
    assert _media_files() == before


def test_only_the_author_or_an_officer_attaches_and_only_to_a_draft(officer, author):
    version = _draft(officer, author)
    with pytest.raises(PermissionDenied):
        services.version_attachment_add(
            actor=UserFactory(author=True), version=version, file=make_upload("a.pdf")
        )
    services.version_attachment_add(actor=officer, version=version, file=make_upload("a.pdf"))
    advance_version(version, DocumentStatus.IN_REVIEW, officer=officer)
    with pytest.raises(TransitionError):
        services.version_attachment_add(actor=author, version=version, file=make_upload("b.pdf"))
    assert list(version.attachments.values_list("original_filename", flat=True)) == ["a.pdf"]


def test_attachment_of_an_approved_version_is_frozen_in_the_model_and_the_database(officer, author):
    # given an attachment added while the version was a draft, then the version approved
    version = _draft(officer, author)
    attachment = services.version_attachment_add(actor=author, version=version, file=make_upload("a.pdf"))
    advance_version(version, DocumentStatus.APPROVED, officer=officer)
    checksum = attachment.checksum
    # then the model refuses a change, a deletion and a new attachment
    attachment.original_filename = "khac.pdf"
    with pytest.raises(FrozenVersionError):
        attachment.save()
    with pytest.raises(FrozenVersionError):
        VersionAttachment.objects.get(pk=attachment.pk).delete()
    with pytest.raises(FrozenVersionError), transaction.atomic():
        VersionAttachment.objects.filter(pk=attachment.pk).delete()
    with pytest.raises(FrozenVersionError):
        VersionAttachment(
            version=version, file="x.pdf", original_filename="x.pdf", checksum="0" * 64, uploaded_by=officer
        ).save()
    # and the database refuses what bypasses the model
    with pytest.raises(IntegrityError), transaction.atomic():
        VersionAttachment.objects.filter(pk=attachment.pk).update(checksum="0" * 64)
    if connection.vendor == "postgresql":  # SQLite guards deletes in the ORM only (see migration 0010)
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM documents_versionattachment WHERE id = %s", [attachment.pk])
    assert VersionAttachment.objects.get(pk=attachment.pk).checksum == checksum


def test_download_has_the_versions_headers_and_refuses_a_tampered_file(client, officer, author):
    version = _draft(officer, author)
    attachment = services.version_attachment_add(
        actor=author, version=version, file=make_upload("lưu-đồ.pdf", text="Lưu đồ")
    )
    advance_version(version, DocumentStatus.EFFECTIVE, officer=officer)
    client.login(username=UserFactory(staff=True).username, password=PASSWORD)
    # when a reader of the effective version downloads it
    response = client.get(reverse("documents:attachment_download", args=[attachment.pk]))
    # then the same kind of answer as the version's own file
    original = client.get(reverse("documents:download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''l%C6%B0u-%C4%91%E1%BB%93.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf" == original["Content-Type"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # when the stored bytes change behind the system's back: not served
    with open(attachment.file.path, "ab") as handle:
        handle.write(b"tampered")
    assert client.get(reverse("documents:attachment_download", args=[attachment.pk])).status_code == 409


def test_forbidden_and_missing_attachments_are_both_404(client, officer, author):
    version = _draft(officer, author)
    attachment = services.version_attachment_add(actor=author, version=version, file=make_upload("a.pdf"))
    client.login(username=UserFactory(staff=True).username, password=PASSWORD)
    assert client.get(reverse("documents:attachment_download", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("documents:attachment_download", args=[attachment.pk + 999])).status_code == 404
    client.login(username=author.username, password=PASSWORD)
    assert client.get(reverse("documents:attachment_download", args=[attachment.pk])).status_code == 200


def test_api_lists_the_attachments_of_a_version(officer, author):
    version = _draft(officer, author)
    attachment = services.version_attachment_add(actor=author, version=version, file=make_upload("a.pdf"))
    api = APIClient()
    api.force_login(author)
    detail = api.get(f"/api/v1/versions/{version.pk}/").json()
    listed = api.get("/api/v1/versions/").json()["results"]
    expected = {
        "id": attachment.pk,
        "original_filename": "a.pdf",
        "content_type": "application/pdf",
        "size": attachment.size,
        "checksum": attachment.checksum,
    }
    assert [{k: a[k] for k in expected} for a in detail["attachments"]] == [expected]
    assert [a["id"] for a in listed[0]["attachments"]] == [attachment.pk]
