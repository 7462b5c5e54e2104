"""REST API under /api/v1/: the same selectors and services as the pages."""

import pytest
from rest_framework.test import APIClient

from documents.workflow import DocumentStatus
from renditions import services
from renditions.models import AccessEvent, ControlledCopy
from tests.documents.factories import UserFactory, make_document
from tests.renditions.pdftext import all_text

pytestmark = pytest.mark.django_db


def effective(officer, **kwargs):
    return make_document(
        officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, **kwargs
    ).versions.get()


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_build_status_and_pdf_of_a_version():
    # given
    version = effective(UserFactory(officer=True))
    reader = UserFactory(staff=True, first_name="Tạ", last_name="Văn Đọc")
    api = api_as(reader)
    # when
    built = api.post(f"/api/v1/renditions/{version.pk}/build/", {"language": "vi"}, format="json")
    state = api.get(f"/api/v1/renditions/{version.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    pdf = api.get(f"/api/v1/renditions/{version.pk}/pdf/?download=1", HTTP_ACCEPT_LANGUAGE="vi")
    # then
    assert built.status_code == 200 and built.json()["ready"] is True and built.json()["page_count"] >= 1
    assert state.json()["state"] == "ready" and state.json()["language"] == "vi"
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    text = all_text(pdf.content)
    assert "TÀI LIỆU KHÔNG KIỂM SOÁT KHI IN" in text and "Tạ Văn Đọc" in text
    event = AccessEvent.objects.get()
    assert event.via_api and event.kind == AccessEvent.Kind.DOWNLOAD


def test_a_version_the_caller_may_not_see_is_404_everywhere():
    officer = UserFactory(officer=True)
    confidential = effective(officer, confidential=True)
    api = api_as(UserFactory(staff=True))
    assert api.get(f"/api/v1/renditions/{confidential.pk}/").status_code == 404
    assert api.post(f"/api/v1/renditions/{confidential.pk}/build/").status_code == 404
    assert api.get(f"/api/v1/renditions/{confidential.pk}/pdf/").status_code == 404
    assert AccessEvent.objects.count() == 0


def test_large_rendition_answers_202_then_409_until_ready(settings, django_capture_on_commit_callbacks):
    settings.QMS_RENDITION_INLINE_MAX_TEXT_BYTES = 1  # the authored body counts as "large"
    version = effective(UserFactory(officer=True))
    api = api_as(UserFactory(staff=True))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        built = api.post(f"/api/v1/renditions/{version.pk}/build/", {"language": "en"}, format="json")
    assert built.status_code == 202 and built.json()["state"] == "pending"
    waiting = api.get(f"/api/v1/renditions/{version.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="en")
    assert waiting.status_code == 409 and "being prepared" in waiting.json()["detail"]
    for callback in callbacks:
        callback()
    assert api.get(f"/api/v1/renditions/{version.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_officer_issues_lists_prints_and_retrieves_copies():
    officer = UserFactory(officer=True)
    version = effective(officer)
    holder = UserFactory(staff=True)
    api = api_as(officer)
    # when
    created = api.post(
        "/api/v1/controlled-copies/",
        {"version": version.pk, "holder": holder.pk, "location": "Tầng 2"},
        format="json",
    )
    # then
    assert created.status_code == 201, created.content
    copy_id = created.json()["id"]
    assert created.json()["number"] == 1 and created.json()["is_out"] is True
    listed = api.get("/api/v1/controlled-copies/", {"state": "out", "version": version.pk})
    assert [row["id"] for row in listed.json()["results"]] == [copy_id]
    printed = api.get(f"/api/v1/controlled-copies/{copy_id}/pdf/")
    assert "CONTROLLED COPY No. 1" in all_text(printed.content)
    back = api.post(f"/api/v1/controlled-copies/{copy_id}/retrieval/", {"note": "Đã hủy"}, format="json")
    assert back.status_code == 200 and back.json()["is_out"] is False
    again = api.post(f"/api/v1/controlled-copies/{copy_id}/retrieval/", {}, format="json")
    assert again.status_code == 409


def test_copy_of_a_draft_is_409_and_bad_input_400():
    officer = UserFactory(officer=True)
    draft = make_document(officer=officer, status=DocumentStatus.DRAFT, file_name=None).versions.get()
    api = api_as(officer)
    refused = api.post("/api/v1/controlled-copies/", {"version": draft.pk, "holder_name": "X"}, format="json")
    assert refused.status_code == 409
    version = effective(officer)
    empty = api.post("/api/v1/controlled-copies/", {"version": version.pk}, format="json")
    assert empty.status_code == 400 and "holder_name" in empty.json()
    assert ControlledCopy.objects.count() == 0


def test_staff_get_404_for_copies_and_the_access_log():
    officer = UserFactory(officer=True)
    version = effective(officer)
    copy = services.copy_issue(actor=officer, version=version, holder_name="Phòng TC")
    api = api_as(UserFactory(staff=True))
    assert api.get("/api/v1/controlled-copies/").status_code == 404
    assert api.get(f"/api/v1/controlled-copies/{copy.pk}/").status_code == 404
    assert (
        api.post("/api/v1/controlled-copies/", {"version": version.pk, "holder_name": "X"}).status_code == 404
    )
    assert api.get("/api/v1/access-log/").status_code == 404


def test_access_log_filters(django_assert_max_num_queries):
    officer = UserFactory(officer=True)
    version = effective(officer)
    for kind in (AccessEvent.Kind.VIEW, AccessEvent.Kind.DOWNLOAD, AccessEvent.Kind.DOWNLOAD):
        services.access_record(user=UserFactory(staff=True), version=version, kind=kind)
    api = api_as(officer)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/access-log/", {"kind": "download", "number": version.document.number})
    assert response.status_code == 200 and response.json()["count"] == 2
    assert api.get("/api/v1/access-log/", {"kind": "nope"}).status_code == 400


def test_schema_documents_the_endpoints():
    api = api_as(UserFactory(staff=True))
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ["/api/v1/renditions/{id}/pdf/", "/api/v1/controlled-copies/", "/api/v1/access-log/"]:
        assert path in schema
