"""REST API of document control: the same selectors and services as the UI, in JSON."""

import base64
import datetime
import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from documents import services
from documents.models import Document, DocumentType, DocumentVersion
from documents.workflow import DocumentStatus
from organisation.models import Department
from qms.reference_data import reference_data_ensure
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    advance_version,
    file_bytes,
    make_document,
    make_upload,
)

pytestmark = pytest.mark.django_db


API = "/api/v1"


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def officer():
    return UserFactory(officer=True)


@pytest.fixture
def officer_api(officer):
    return client_for(officer)


def version_of(document, revision=1):
    return document.versions.get(revision=revision)


# --- authentication ---------------------------------------------------------------


def test_anonymous_gets_nothing():
    make_document(status=DocumentStatus.EFFECTIVE)
    response = APIClient().get(f"{API}/documents/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "results" not in response.json()


def test_http_basic_and_token_authentication():
    # given
    staff = UserFactory(staff=True)
    make_document(status=DocumentStatus.EFFECTIVE)
    basic = APIClient()
    basic.credentials(
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{staff.username}:{PASSWORD}".encode()).decode()
    )
    # when
    by_basic = basic.get(f"{API}/documents/")
    token_response = APIClient().post(
        f"{API}/auth/token/", {"username": staff.username, "password": PASSWORD}, format="json"
    )
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {token_response.json()['token']}")
    # then
    assert by_basic.status_code == 200 and by_basic.json()["count"] == 1
    assert token_response.status_code == 200
    assert token_response.json()["token"] == Token.objects.get(user=staff).key
    assert by_token.get(f"{API}/documents/").json()["count"] == 1


def test_wrong_password_gets_no_token():
    staff = UserFactory(staff=True)
    response = APIClient().post(
        f"{API}/auth/token/", {"username": staff.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert not Token.objects.exists()


# --- departments and document types ---------------------------------------------


def test_everyone_reads_departments_and_types_only_officers_write(officer_api):
    # given
    DepartmentFactory(code="VP", name="Văn phòng")
    DocumentTypeFactory(code="QT")
    staff_api = client_for(UserFactory(staff=True))
    # when / then
    assert staff_api.get(f"{API}/departments/").json()["results"][0]["code"] == "VP"
    assert staff_api.get(f"{API}/document-types/").json()["results"][0]["code"] == "QT"
    assert staff_api.post(f"{API}/departments/", {"code": "TC", "name": "Tổ chức"}).status_code == 403
    assert Department.objects.filter(code="TC").count() == 0
    created = officer_api.post(f"{API}/departments/", {"code": "TC", "name": "Tổ chức cán bộ"})
    assert created.status_code == 201
    assert Department.objects.get(code="TC").group.name == "dept:TC"
    pattern = {"code": "HD", "name": "Hướng dẫn", "numbering_pattern": "{type}.{seq:03}"}
    assert officer_api.post(f"{API}/document-types/", pattern).status_code == 201


def test_type_with_a_bad_numbering_pattern_is_refused_with_field_errors(officer_api):
    for pattern in ["{type}-{nope}-{seq}", "{type}-{department}", "{seq:zz}", "{"]:
        response = officer_api.post(
            f"{API}/document-types/", {"code": "X", "name": "X", "numbering_pattern": pattern}
        )
        assert response.status_code == 400, pattern
        assert "numbering_pattern" in response.json()
    assert not DocumentType.objects.filter(code="X").exists()


def test_department_cannot_become_its_own_ancestor(officer_api):
    parent = DepartmentFactory(code="SO")
    child = DepartmentFactory(code="VP", parent=parent)
    response = officer_api.patch(f"{API}/departments/{parent.pk}/", {"parent": child.pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()
    parent.refresh_from_db()
    assert parent.parent_id is None


def test_department_or_type_in_use_cannot_be_deleted(officer_api):
    document = make_document()
    for url in [
        f"{API}/departments/{document.department_id}/",
        f"{API}/document-types/{document.doc_type_id}/",
    ]:
        response = officer_api.delete(url)
        assert response.status_code == 409
        assert "in use" in response.json()["detail"]
    assert Department.objects.filter(pk=document.department_id).exists()


# --- documents ---------------------------------------------------------------------


def test_list_filters_as_on_the_list_page(officer, officer_api):
    # given
    qt, bm = DocumentTypeFactory(code="QT"), DocumentTypeFactory(code="BM", name="Biểu mẫu")
    vp, tc = DepartmentFactory(code="VP"), DepartmentFactory(code="TC")
    procedure = make_document(
        officer=officer,
        title="Quy trình tiếp nhận hồ sơ",
        doc_type=qt,
        department=vp,
        status=DocumentStatus.EFFECTIVE,
    )
    form = make_document(officer=officer, title="Đơn đề nghị cấp bản sao", doc_type=bm, department=tc)

    def numbers(**params):
        response = officer_api.get(f"{API}/documents/", params)
        assert response.status_code == 200
        return [row["number"] for row in response.json()["results"]]

    # when / then
    assert numbers(q="quy trinh") == [procedure.number]
    assert numbers(q="DON DE NGHI") == [form.number]
    assert numbers(q=procedure.number.lower()) == [procedure.number]
    assert numbers(type=bm.pk) == [form.number]
    assert numbers(doc_type=bm.pk) == [form.number]
    assert numbers(department=vp.pk) == [procedure.number]
    assert numbers(status="effective") == [procedure.number]
    assert numbers(status="draft") == [form.number]
    assert numbers(q="khong co") == []


def test_staff_search_finds_only_effective_documents():
    officer = UserFactory(officer=True)
    effective = make_document(officer=officer, title="Quy trình đào tạo", status=DocumentStatus.EFFECTIVE)
    make_document(officer=officer, title="Quy trình đánh giá nội bộ", status=DocumentStatus.IN_REVIEW)
    staff_api = client_for(UserFactory(staff=True))
    rows = staff_api.get(f"{API}/documents/", {"q": "quy trinh"}).json()["results"]
    assert [row["number"] for row in rows] == [effective.number]
    assert rows[0]["effective_version"]["revision_label"] == "01"
    assert rows[0]["effective_version"]["download_url"].endswith(
        f"/api/v1/versions/{version_of(effective).pk}/download/"
    )


def test_bad_filter_values_are_400_with_field_errors(officer_api):
    response = officer_api.get(f"{API}/documents/", {"type": "abc", "department": 999999, "status": "lost"})
    assert response.status_code == 400
    assert set(response.json()) == {"type", "department", "status"}


def test_register_with_multipart_file(officer, officer_api):
    # given
    qt, vp = DocumentTypeFactory(code="QT"), DepartmentFactory(code="VP")
    # when
    response = officer_api.post(
        f"{API}/documents/",
        {
            "doc_type": qt.pk,
            "department": vp.pk,
            "title": "Quy trình cấp phát văn bằng",
            "confidentiality": "confidential",
            "distribution": [vp.pk],
            "file": make_upload("quy trình cấp phát.pdf"),
        },
        format="multipart",
    )
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "QT-VP-01"
    assert body["confidentiality"] == "confidential"
    assert body["distribution"] == [vp.pk]
    version = Document.objects.get(number="QT-VP-01").versions.get()
    assert version.status == DocumentStatus.DRAFT
    assert version.original_filename == "quy trình cấp phát.pdf"
    assert len(version.checksum) == 64
    assert version.history.first().history_user == officer


def test_register_refuses_non_officers_and_bad_input_with_nothing_saved(officer_api):
    qt, vp = DocumentTypeFactory(code="QT"), DepartmentFactory(code="VP")
    author_api = client_for(UserFactory(author=True))
    good = {"doc_type": qt.pk, "department": vp.pk, "title": "T"}
    assert author_api.post(f"{API}/documents/", good).status_code == 403

    cases = [
        ({**good, "file": make_upload("virus.pdf", b"MZ\x90\x00 not a pdf")}, "file"),
        ({**good, "file": make_upload("empty.pdf", b"")}, "file"),
        ({**good, "file": make_upload("anh.png", file_bytes("a.pdf"))}, "file"),
        ({**good, "title": ""}, "title"),
        ({**good, "doc_type": 424242}, "doc_type"),
        ({**good, "department": "VP"}, "department"),
        ({**good, "date_received": "31/02/2026"}, "date_received"),
        ({**good, "review_period_months": -1}, "review_period_months"),
        ({**good, "retention_years": 10**30}, "retention_years"),
        ({**good, "confidentiality": "secret"}, "confidentiality"),
        ({**good, "owner": 99999}, "owner"),
    ]
    for data, field in cases:
        response = officer_api.post(f"{API}/documents/", data, format="multipart")
        assert response.status_code == 400, (field, response.content)
        assert field in response.json(), (field, response.json())
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_external_document_needs_issuer_and_reference(officer_api):
    external = DocumentTypeFactory(code="TL-NGOAI", name="Tài liệu bên ngoài", is_external=True)
    response = officer_api.post(
        f"{API}/documents/",
        {"doc_type": external.pk, "department": DepartmentFactory().pk, "title": "Luật Giáo dục 2019"},
    )
    assert response.status_code == 400
    assert "issuer" in response.json()
    assert not Document.objects.exists()


def test_document_of_another_user_is_404_not_403():
    draft = make_document(status=DocumentStatus.DRAFT)
    staff_api = client_for(UserFactory(staff=True))
    assert staff_api.get(f"{API}/documents/{draft.pk}/").status_code == 404
    assert staff_api.get(f"{API}/documents/{draft.pk + 1000}/").status_code == 404


# --- query counts ------------------------------------------------------------------


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("url", [f"{API}/documents/", f"{API}/versions/"])
def test_list_queries_do_not_grow_with_the_number_of_documents(url, officer):
    # given
    vp = DepartmentFactory(code="VP")
    for _ in range(2):
        make_document(officer=officer, department=vp, status=DocumentStatus.EFFECTIVE)
    staff = UserFactory(staff=True)
    client = client_for(staff)
    client.get(url)  # warm the session and permission caches alike for both runs
    few, few_count = _count_queries(client, url)
    for _ in range(28):
        make_document(officer=officer, department=vp, status=DocumentStatus.EFFECTIVE)
    # when
    many, many_count = _count_queries(client, url)
    # then
    assert (few_count, many_count) == (2, 30)
    assert few == many


def test_page_size_and_pages():
    officer = UserFactory(officer=True)
    for _ in range(3):
        make_document(officer=officer)
    api = client_for(officer)
    first = api.get(f"{API}/documents/", {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    assert len(api.get(f"{API}/documents/", {"page_size": 2, "page": 2}).json()["results"]) == 1
    assert api.get(f"{API}/documents/", {"page": 99}).status_code == 404


# --- versions ----------------------------------------------------------------------


def test_new_revision_and_draft_update(officer, officer_api):
    # given
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    # when: no change summary on revision 02
    refused = officer_api.post(
        f"{API}/versions/", {"document": document.pk, "file": make_upload("v2.pdf")}, format="multipart"
    )
    created = officer_api.post(
        f"{API}/versions/",
        {"document": document.pk, "file": make_upload("v2.pdf"), "change_summary": "Bổ sung biểu mẫu"},
        format="multipart",
    )
    # then
    assert refused.status_code == 400 and "change_summary" in refused.json()
    assert created.status_code == 201, created.json()
    draft = created.json()
    assert (draft["revision_label"], draft["status"]) == ("02", "draft")
    assert set(draft["actions"]) == {"submit"}
    # a second open revision is a conflict
    again = officer_api.post(
        f"{API}/versions/", {"document": document.pk, "body": "x", "change_summary": "y"}, format="multipart"
    )
    assert again.status_code == 409
    # the draft is edited in place
    edited = officer_api.patch(
        f"{API}/versions/{draft['id']}/",
        {"body": "Nội dung mới", "file": make_upload("hướng dẫn.docx")},
        format="multipart",
    )
    assert edited.status_code == 200, edited.json()
    assert edited.json()["body"] == "Nội dung mới"
    assert edited.json()["original_filename"] == "hướng dẫn.docx"
    assert edited.json()["change_summary"] == "Bổ sung biểu mẫu"
    put = officer_api.put(f"{API}/versions/{draft['id']}/", {"change_summary": ""}, format="json")
    assert put.status_code == 400 and "change_summary" in put.json()


@pytest.mark.parametrize(
    "status",
    [
        DocumentStatus.IN_REVIEW,
        DocumentStatus.APPROVED,
        DocumentStatus.EFFECTIVE,
        DocumentStatus.SUPERSEDED,
        DocumentStatus.OBSOLETE,
    ],
)
def test_a_version_past_draft_cannot_be_changed_by_the_api(status, officer, officer_api):
    version = version_of(make_document(officer=officer, status=status))
    before = (version.body, version.checksum, version.file.name)
    for method in (officer_api.patch, officer_api.put):
        response = method(
            f"{API}/versions/{version.pk}/",
            {"body": "changed", "file": make_upload("khac.pdf", text="other")},
            format="multipart",
        )
        assert response.status_code == 409
        assert response.json()["detail"]
    version.refresh_from_db()
    assert (version.body, version.checksum, version.file.name) == before


def test_draft_of_someone_else_cannot_be_edited():
    author = UserFactory(author=True)
    version = version_of(make_document(author=author))
    approver_api = client_for(UserFactory(approver=True))
    other_author_api = client_for(UserFactory(author=True))
    assert approver_api.patch(f"{API}/versions/{version.pk}/", {"body": "x"}).status_code == 404
    assert other_author_api.patch(f"{API}/versions/{version.pk}/", {"body": "x"}).status_code == 404
    assert client_for(author).patch(f"{API}/versions/{version.pk}/", {"body": "x"}).status_code == 200


def test_versions_list_filters_by_document_and_status(officer, officer_api):
    first = make_document(officer=officer, status=DocumentStatus.SUPERSEDED)
    other = make_document(officer=officer)
    rows = officer_api.get(f"{API}/versions/", {"document": first.pk}).json()["results"]
    assert [(r["revision_label"], r["status"]) for r in rows] == [("02", "effective"), ("01", "superseded")]
    rows = officer_api.get(f"{API}/versions/", {"status": "draft"}).json()["results"]
    assert [r["document"] for r in rows] == [other.pk]
    assert officer_api.get(f"{API}/versions/", {"document": "x"}).status_code == 400


# --- downloads ---------------------------------------------------------------------


def test_download_keeps_the_vietnamese_name_and_checks_the_bytes(officer):
    # given
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name="hướng dẫn.docx")
    version = version_of(document)
    staff_api = client_for(UserFactory(staff=True))
    # when
    response = staff_api.get(f"{API}/versions/{version.pk}/download/", HTTP_ACCEPT="application/pdf")
    # then
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    with version.file.open("rb") as stored:
        assert content == stored.read()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="huong dan.docx"' in disposition
    assert unquote(re.search(r"filename\*=utf-8''(\S+)", disposition).group(1)) == "hướng dẫn.docx"
    assert response["Content-Type"] == version.content_type


def test_a_file_whose_bytes_changed_is_refused(officer):
    version = version_of(make_document(officer=officer, status=DocumentStatus.EFFECTIVE))
    with open(version.file.path, "ab") as stored:
        stored.write(b"tampered")
    response = client_for(UserFactory(staff=True)).get(f"{API}/versions/{version.pk}/download/")
    assert response.status_code == 409
    assert "SHA-256" in response.json()["detail"]


def test_a_missing_file_is_refused_not_500(officer):
    version = version_of(make_document(officer=officer, status=DocumentStatus.EFFECTIVE))
    version.file.storage.delete(version.file.name)
    response = client_for(officer).get(f"{API}/versions/{version.pk}/download/")
    assert response.status_code == 409


def test_download_of_an_invisible_or_fileless_version_is_404(officer):
    draft = version_of(make_document(officer=officer))
    text_only = version_of(make_document(officer=officer, file_name=None))
    assert client_for(UserFactory(staff=True)).get(f"{API}/versions/{draft.pk}/download/").status_code == 404
    assert client_for(officer).get(f"{API}/versions/{text_only.pk}/download/").status_code == 404


# --- transitions -------------------------------------------------------------------


def test_full_lifecycle_through_the_api(officer, officer_api):
    # given: the default approval route (any approver signs)
    author = UserFactory(author=True)
    approver = UserFactory(approver=True)
    approver_api = client_for(approver)
    version = version_of(make_document(officer=officer, author=author))
    url = f"{API}/versions/{version.pk}"
    # when / then
    submitted = client_for(author).post(f"{url}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "in_review"
    assert set(approver_api.get(f"{url}/").json()["actions"]) >= {"approve", "reject"}
    returned = approver_api.post(
        f"{url}/reject/", {"comment": "Thiếu lưu đồ", "password": PASSWORD}, format="json"
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["status"] == "draft" and "Thiếu lưu đồ" in returned.json()["review_comment"]
    client_for(author).post(f"{url}/submit/")
    approved = approver_api.post(
        f"{url}/approve/", {"comment": "Đồng ý", "password": PASSWORD}, format="json"
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "effective"  # the route had no planned date: effective today
    assert approved.json()["approved_by"] == approver.pk
    withdrawn = officer_api.post(
        f"{url}/withdraw/", {"reason": "Hết hiệu lực", "password": PASSWORD}, format="json"
    )
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["status"] == "obsolete"
    assert withdrawn.json()["withdrawn_reason"] == "Hết hiệu lực"


def test_publish_with_a_future_date_schedules_the_version(officer, officer_api):
    version = version_of(make_document(officer=officer, status=DocumentStatus.APPROVED))
    later = timezone.localdate() + datetime.timedelta(days=7)
    scheduled = officer_api.post(
        f"{API}/versions/{version.pk}/publish/", {"effective_date": later.isoformat()}, format="json"
    )
    assert scheduled.status_code == 200, scheduled.json()
    assert scheduled.json()["status"] == "approved" and scheduled.json()["effective_date"] == str(later)
    services.version_make_due_effective(today=later)
    assert officer_api.get(f"{API}/versions/{version.pk}/").json()["status"] == "effective"


def test_a_signature_needs_the_right_password_and_a_signer(officer, officer_api):
    # given
    approver = UserFactory(approver=True)
    version = version_of(make_document(officer=officer, status=DocumentStatus.IN_REVIEW))
    url = f"{API}/versions/{version.pk}/approve/"
    # when
    no_password = client_for(approver).post(url, {}, format="json")
    wrong = client_for(approver).post(url, {"password": "wrong"}, format="json")
    not_a_signer = officer_api.post(url, {"password": PASSWORD}, format="json")
    # then
    assert no_password.status_code == 400 and "password" in no_password.json()
    assert wrong.status_code == 403 and "password" in wrong.json()  # a refused signature
    assert not_a_signer.status_code == 409 and not_a_signer.json()["detail"]
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW


def test_withdrawal_without_the_password_is_refused(officer, officer_api):
    version = version_of(make_document(officer=officer, status=DocumentStatus.EFFECTIVE))
    response = officer_api.post(
        f"{API}/versions/{version.pk}/withdraw/", {"reason": "Hết hiệu lực", "password": "x"}, format="json"
    )
    assert response.status_code == 403 and "password" in response.json()
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_publish_today_supersedes_the_previous_version(officer, officer_api):
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    new = services.version_create_draft(
        actor=officer, document=document, file=make_upload("v2.pdf"), change_summary="Sửa đổi"
    )
    advance_version(new, DocumentStatus.APPROVED, officer=officer)
    response = officer_api.post(f"{API}/versions/{new.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "effective"
    assert version_of(document, 1).status == DocumentStatus.SUPERSEDED


def test_illegal_transition_is_409_with_a_reason(officer_api, officer):
    version = version_of(make_document(officer=officer))
    response = officer_api.post(f"{API}/versions/{version.pk}/publish/")
    assert response.status_code == 409
    assert "draft" in response.json()["detail"]
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT


def test_author_cannot_approve_own_version_409():
    author_approver = UserFactory(author=True, approver=True)
    version = version_of(make_document(author=author_approver, status=DocumentStatus.IN_REVIEW))
    response = client_for(author_approver).post(
        f"{API}/versions/{version.pk}/approve/", {"password": PASSWORD}, format="json"
    )
    assert response.status_code == 409
    assert "own" in response.json()["detail"]


def test_staff_cannot_approve_and_nothing_is_recorded(officer):
    version = version_of(make_document(officer=officer, status=DocumentStatus.IN_REVIEW))
    history_before = version.history.count()
    response = client_for(UserFactory(staff=True)).post(
        f"{API}/versions/{version.pk}/approve/", {"password": PASSWORD}, format="json"
    )
    assert response.status_code == 404
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    assert version.history.count() == history_before


def test_transition_inputs_are_checked(officer, officer_api):
    in_review = version_of(make_document(officer=officer, status=DocumentStatus.IN_REVIEW))
    approved = version_of(make_document(officer=officer, status=DocumentStatus.APPROVED))
    approver_api = client_for(UserFactory(approver=True))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    cases = [
        (approver_api, f"{in_review.pk}/reject/", {}, "comment"),
        (approver_api, f"{in_review.pk}/reject/", {"comment": "   "}, "comment"),
        (officer_api, f"{approved.pk}/publish/", {"effective_date": "not a date"}, "effective_date"),
        (officer_api, f"{approved.pk}/publish/", {"effective_date": yesterday.isoformat()}, "effective_date"),
        (officer_api, f"{approved.pk}/withdraw/", {"reason": "", "password": PASSWORD}, "reason"),
        (officer_api, f"{approved.pk}/withdraw/", {"reason": ["a", "b"], "password": PASSWORD}, "reason"),
    ]
    for client, path, data, field in cases:
        response = client.post(f"{API}/versions/{path}", data, format="json")
        assert response.status_code == 400, (path, data, response.content)
        assert field in response.json(), (path, response.json())
    in_review.refresh_from_db()
    approved.refresh_from_db()
    assert (in_review.status, approved.status) == (DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED)


# --- malformed input never gives a 500 ---------------------------------------------


GARBAGE_BODIES = [
    {},
    {"document": "abc", "file": "not a file", "body": ["x"], "change_summary": {"a": 1}},
    {"document": 10**30, "effective_date": "2026-13-45", "reason": None, "comment": 12},
    {"doc_type": -1, "department": "", "title": "x" * 1000, "distribution": ["q"], "owner": "me"},
    {"code": "", "name": None, "parent": 10**30, "head": "x", "numbering_pattern": "{seq:>{x}}"},
    {"date_received": "yesterday", "review_period_months": "many", "retention_years": 1.5},
    {"effective_date": "0000-00-00", "reason": "r" * 100_000},
]


def _all_endpoints(document, version):
    v = f"{API}/versions/{version.pk}"
    ids = [
        f"{API}/departments/{document.department_id}/",
        f"{API}/document-types/{document.doc_type_id}/",
        f"{API}/documents/{document.pk}/",
        f"{v}/",
    ]
    collections = [f"{API}/departments/", f"{API}/document-types/", f"{API}/documents/", f"{API}/versions/"]
    actions = [f"{v}/{name}/" for name in ("submit", "approve", "reject", "publish", "withdraw")]
    unknown = [
        f"{API}/versions/999999/",
        f"{API}/versions/999999/download/",
        f"{API}/versions/999999/publish/",
        f"{API}/documents/99999999999999999999/",
        f"{API}/versions/99999999999999999999/approve/",
        f"{API}/versions/abc/",
        f"{API}/documents/-1/",
    ]
    return collections, ids, actions, [f"{v}/download/"], unknown


@pytest.mark.parametrize("user_kind", ["officer", "staff"])
def test_no_input_ever_gives_a_server_error(user_kind, officer):
    # given
    document = make_document(officer=officer, status=DocumentStatus.APPROVED)
    version = version_of(document)
    user = officer if user_kind == "officer" else UserFactory(staff=True)
    client = client_for(user)
    client.raise_request_exception = True
    collections, ids, actions, downloads, unknown = _all_endpoints(document, version)
    queries = [
        {"q": "\x00", "type": "x", "department": "1;drop", "status": "?", "page": "-1", "page_size": "abc"},
        {"document": "99999999999999999999", "status": "", "page": "0"},
        {"q": "đ" * 5000, "type": 10**30},
    ]
    failures = []
    # when
    for url in collections + ids + downloads + unknown:
        for params in queries:
            response = client.get(url, params)
            if response.status_code >= 500:
                failures.append(("GET", url, params, response.status_code))
    for url in collections + ids + actions + unknown:
        for body in GARBAGE_BODIES:
            for fmt in ("json", "multipart"):
                payload = body
                if fmt == "multipart":  # a form cannot carry null or nested objects
                    payload = {k: v for k, v in body.items() if v is not None and not isinstance(v, dict)}
                for method in (client.post, client.put, client.patch):
                    response = method(url, payload, format=fmt)
                    if response.status_code >= 500:
                        failures.append((method.__name__, url, body, response.status_code))
        for raw, content_type in [
            (b"{not json", "application/json"),
            (b"\xff\xfe\x00", "application/json"),
            (b"[1, 2, 3]", "application/json"),
            (b'"just a string"', "application/json"),
            (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
            (b"a=1", "text/plain"),
        ]:
            response = client.generic("POST", url, raw, content_type=content_type)
            if response.status_code >= 500:
                failures.append(("raw", url, raw, response.status_code))
    # then
    assert failures == []
    version.refresh_from_db()
    if user_kind == "staff":  # staff may fire nothing on it, whatever they send
        assert version.status == DocumentStatus.APPROVED


def test_uploads_of_every_bad_kind_are_400(officer, officer_api):
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    for upload in [
        make_upload("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
        make_upload("empty.docx", b""),
        make_upload("zip.docx", b"PK\x03\x04garbage"),
        make_upload("image.jpg", file_bytes("a.png")),
        make_upload("noext", file_bytes("a.pdf")),
    ]:
        response = officer_api.post(
            f"{API}/versions/",
            {"document": document.pk, "file": upload, "change_summary": "x"},
            format="multipart",
        )
        assert response.status_code == 400, upload.name
        assert "file" in response.json(), upload.name
    assert document.versions.count() == 1


def test_upload_over_the_limit_is_400(settings, officer, officer_api):
    settings.QMS_UPLOAD_MAX_BYTES = 200
    response = officer_api.post(
        f"{API}/documents/",
        {
            "doc_type": DocumentTypeFactory().pk,
            "department": DepartmentFactory().pk,
            "title": "T",
            "file": make_upload("big.pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "limit" in response.json()["file"][0]
    assert not Document.objects.exists()


# --- schema and docs ---------------------------------------------------------------


def test_schema_and_docs_load_nothing_from_the_internet():
    api = client_for(UserFactory(staff=True))
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/versions/{id}/publish/" in schema.json()["paths"]
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert any("swagger-ui" in asset for asset in assets)
    assert [a for a in assets if re.match(r"^(https?:)?//", a)] == []
    assert "cdn" not in html.lower()
    for asset in assets:  # every asset is a file of an installed package
        if asset.startswith(settings.STATIC_URL) or asset.startswith("/" + settings.STATIC_URL):
            relative = asset.split(settings.STATIC_URL.strip("/") + "/", 1)[1].split("?")[0]
            assert finders.find(relative), asset


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_in_a_browser_fetches_nothing_from_the_internet(chromium, live_server, settings):
    # given: the docs served under an intranet host name (Swagger UI treats localhost
    # differently, e.g. its online validator badge), every request recorded, none let out
    reference_data_ensure()  # role groups, if an earlier transactional test's flush emptied them
    site = "http://qms.intranet.test"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "qms.intranet.test"]
    session = client_for(UserFactory(staff=True)).cookies[settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context(base_url=site, locale="en-US")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
    requested = []

    def route(route):
        requested.append(route.request.url)
        if route.request.url.startswith(site):
            # served by the live server as if it were the intranet host
            served = route.fetch(url=live_server.url + route.request.url[len(site) :])
            route.fulfill(response=served)
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        # when
        page.goto("/api/docs/")
        page.wait_for_selector(".swagger-ui .info .title")
        # Swagger UI renders the operations near the viewport only: scroll down to the one
        # sought (a locator, not "text=/api/...": Playwright reads text=/.../ as a regex)
        publish = page.locator(".opblock-summary-path", has_text="/api/v1/versions/{id}/publish/")
        for _ in range(400):
            if publish.count():
                break
            page.mouse.wheel(0, 1500)
            page.wait_for_timeout(25)
        publish.wait_for()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    # then
    assert any("swagger-ui-bundle.js" in url for url in requested)
    assert [url for url in requested if not url.startswith(site)] == []
