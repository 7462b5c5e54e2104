"""Files on S3-compatible object storage (FILE_STORAGE=s3) against a real S3-protocol server
(moto's standalone server, tests/storage/conftest.py): an upload lands in the bucket as a
private object and nowhere on disk, the download goes out only through the permission-checking
view with its SHA-256 checked, a changed or missing object is refused and reported by
verify_files, and the controlled PDF is built once and served from its cached object."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from documents.models import Document
from documents.workflow import DocumentStatus
from renditions.models import Rendition
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    make_upload,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def keys(s3, bucket, prefix=""):
    listing = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def body(s3, bucket, key) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def test_upload_sign_download_and_pdf_through_object_storage(client, s3_storage):
    s3, bucket = s3_storage
    officer, approver = UserFactory(officer=True), UserFactory(approver=True)
    department = DepartmentFactory(code="VP")
    reader = UserFactory(staff=True, departments=[department])
    upload = make_upload("quy-trình.pdf")
    original = upload.read()
    upload.seek(0)
    # when an officer registers a document with a file through the form
    response = login(client, officer).post(
        reverse("documents:register"),
        {
            "doc_type": DocumentTypeFactory().pk,
            "department": department.pk,
            "title": "Quy trình kiểm soát tài liệu",
            "confidentiality": "internal",
            "distribution": [department.pk],
            "file": upload,
        },
    )
    assert response.status_code == 302
    version = Document.objects.get().versions.get()
    # then the file is an object in the bucket, byte for byte, with the recorded SHA-256
    assert keys(s3, bucket) == [version.file.name]
    assert body(s3, bucket, version.file.name) == original
    assert version.checksum == hashlib.sha256(original).hexdigest()
    # and the object is private: nobody but its owner is granted anything
    grants = s3.get_object_acl(Bucket=bucket, Key=version.file.name)["Grants"]
    assert all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)
    # when it is submitted and signed through the UI
    client.post(reverse("documents:transition", args=[version.pk, "submit"]))
    login(client, approver).post(
        reverse("approvals:sign", args=[version.pk]), {"decision": "approve", "password": PASSWORD}
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    # then a reader downloads the original through the view, streamed from the bucket
    login(client, reader)
    download = client.get(reverse("documents:download", args=[version.pk]))
    assert download.status_code == 200 and download.streaming
    assert b"".join(download.streaming_content) == original
    api = client.get(f"/api/v1/versions/{version.pk}/download/")
    assert api.status_code == 200 and b"".join(api.streaming_content) == original
    # and the controlled PDF is built once, cached as an object, and served from it again
    pdf_url = reverse("renditions:version_pdf", args=[version.pk])
    first = client.get(pdf_url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    rendition = Rendition.objects.get(version=version)
    cached = keys(s3, bucket, "renditions/")
    assert cached == [rendition.file.name]
    assert body(s3, bucket, rendition.file.name).startswith(b"%PDF")
    second = client.get(pdf_url)
    assert second.status_code == 200 and second.content.startswith(b"%PDF")
    assert keys(s3, bucket, "renditions/") == cached
    assert Rendition.objects.get(pk=rendition.pk).file.name == rendition.file.name
    # and a user who may not read it gets 404 for the page, the file and the PDF
    outsider = UserFactory(staff=True, departments=[DepartmentFactory(code="TC")])
    Document.objects.filter(pk=version.document_id).update(confidentiality="confidential")
    login(client, outsider)
    assert client.get(reverse("documents:download", args=[version.pk])).status_code == 404
    assert client.get(pdf_url).status_code == 404
    # nothing was ever written under MEDIA_ROOT (it does not exist)


def test_changed_or_missing_object_is_refused_and_reported_by_verify_files(client, s3_storage):
    from tests.documents.factories import make_document

    s3, bucket = s3_storage
    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    login(client, officer)
    url = reverse("documents:download", args=[version.pk])
    assert client.get(url).status_code == 200
    call_command("verify_files", stdout=StringIO())  # all intact: no error
    # when the object is replaced behind the system's back
    s3.put_object(Bucket=bucket, Key=version.file.name, Body=body(s3, bucket, version.file.name) + b"x")
    # then the download is refused and verify_files names it
    response = client.get(url)
    assert response.status_code == 409 and "no longer matches" in response.content.decode()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_files", stdout=out)
    assert version.file.name in out.getvalue() and "CHANGED" in out.getvalue()
    # when the object is gone
    s3.delete_object(Bucket=bucket, Key=version.file.name)
    # then the download is refused with a message, not a server error, and reported missing
    response = client.get(url)
    assert response.status_code == 409 and "no longer matches" in response.content.decode()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_files", stdout=out)
    assert "MISSING" in out.getvalue()
