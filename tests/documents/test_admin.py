"""Admin: configuration pages work, and an approved or later version cannot be changed
or deleted there by anyone, superusers included."""

import pytest
from django.urls import reverse

from documents.models import Document, DocumentGroupObjectPermission, DocumentVersion
from documents.selectors import document_list_visible_to, version_list_visible_to
from documents.workflow import LOCKED_STATUSES, DocumentStatus
from tests.documents.factories import DepartmentFactory, UserFactory, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.user = superuser
    return client


def _snapshot(version):
    version = DocumentVersion.objects.get(pk=version.pk)
    return (version.status, version.body, version.change_summary, version.checksum, version.file.name)


def _change_form_post(version, **changes):
    data = {"change_summary": version.change_summary, "body": version.body, "_save": "Save"}
    data.update(changes)
    return data


def test_admin_pages_render(admin_client):
    document = make_document(status=DocumentStatus.EFFECTIVE)
    version = document.versions.get()
    for url in [
        reverse("admin:organisation_department_changelist"),
        reverse("admin:organisation_department_change", args=[document.department_id]),
        reverse("admin:documents_documenttype_changelist"),
        reverse("admin:documents_documenttype_add"),
        reverse("admin:documents_document_changelist"),
        reverse("admin:documents_document_change", args=[document.pk]),
        reverse("admin:documents_document_history", args=[document.pk]),
        reverse("admin:documents_document_permissions", args=[document.pk]),
        reverse("admin:documents_documentversion_changelist"),
        reverse("admin:documents_documentversion_change", args=[version.pk]),
        reverse("admin:documents_documentversion_history", args=[version.pk]),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_documents_are_not_typed_in_through_the_admin(admin_client):
    assert admin_client.get(reverse("admin:documents_document_add")).status_code == 403
    assert admin_client.get(reverse("admin:documents_documentversion_add")).status_code == 403


@pytest.mark.parametrize("status", sorted(LOCKED_STATUSES))
def test_admin_cannot_change_or_delete_a_locked_version(status, admin_client):
    # given
    version = make_document(status=status).versions.get(revision=1)
    before = _snapshot(version)
    change_url = reverse("admin:documents_documentversion_change", args=[version.pk])
    # when: the change form shows no save button and refuses a forged POST
    page = admin_client.get(change_url)
    changed = admin_client.post(change_url, _change_form_post(version, body="sửa lén", change_summary="x"))
    deleted = admin_client.post(
        reverse("admin:documents_documentversion_delete", args=[version.pk]), {"post": "yes"}
    )
    bulk = admin_client.post(
        reverse("admin:documents_documentversion_changelist"),
        {"action": "delete_selected", "_selected_action": [version.pk], "post": "yes"},
    )
    history_record = version.history.order_by("history_id").first()
    revert = admin_client.post(
        reverse("admin:documents_documentversion_simple_history", args=[version.pk, history_record.pk]),
        _change_form_post(version),
    )
    # then
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert bulk.status_code in (200, 403)  # refused, or a page listing what blocks it
    assert revert.status_code == 403
    assert _snapshot(version) == before


def test_admin_corrects_a_draft_through_the_service_and_history_names_them(admin_client):
    version = make_document(status=DocumentStatus.DRAFT).versions.get()
    url = reverse("admin:documents_documentversion_change", args=[version.pk])
    response = admin_client.post(url, _change_form_post(version, body="Nội dung đã sửa"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.body == "Nội dung đã sửa"
    assert version.history.first().history_user == admin_client.user


def test_admin_cannot_change_a_version_in_review(admin_client):
    version = make_document(status=DocumentStatus.IN_REVIEW).versions.get()
    before = _snapshot(version)
    url = reverse("admin:documents_documentversion_change", args=[version.pk])
    assert admin_client.post(url, _change_form_post(version, body="x")).status_code == 403
    assert _snapshot(version) == before


def test_admin_does_not_delete_a_document_with_versions(admin_client):
    document = make_document(status=DocumentStatus.DRAFT)
    refused = admin_client.post(
        reverse("admin:documents_document_delete", args=[document.pk]), {"post": "yes"}
    )
    assert refused.status_code == 200  # "cannot delete: protected versions" page
    assert Document.objects.filter(pk=document.pk).exists()
    assert document.versions.count() == 1


def test_object_permission_granted_in_the_admin_opens_a_confidential_document(admin_client):
    # given
    department = DepartmentFactory(code="TC", name="Tổ chức cán bộ")
    reader = UserFactory(staff=True, departments=[department])
    document = make_document(status=DocumentStatus.EFFECTIVE, confidential=True)
    assert not document_list_visible_to(reader).exists()
    # when
    response = admin_client.post(
        reverse("admin:documents_document_permissions_manage_group", args=[document.pk, department.group_id]),
        {"permissions": ["view_document"]},
    )
    # then
    assert response.status_code == 302
    assert DocumentGroupObjectPermission.objects.filter(
        content_object=document, group=department.group
    ).exists()
    assert list(document_list_visible_to(reader)) == [document]
    assert version_list_visible_to(reader).get().status == DocumentStatus.EFFECTIVE
