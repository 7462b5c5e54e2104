import pytest
from django.urls import reverse

from documents.models import Document, DocumentVersion
from documents.workflow import DocumentStatus
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    make_document,
    make_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(officer=True)


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_list_search_ignores_diacritics_and_shows_only_effective_to_staff(client, officer):
    # given
    effective = make_document(
        officer=officer, title="Quy trình cấp bản sao văn bằng", status=DocumentStatus.EFFECTIVE
    )
    draft = make_document(officer=officer, title="Quy trình tuyển sinh lớp 10", status=DocumentStatus.DRAFT)
    make_document(officer=officer, title="Hướng dẫn lưu trữ", status=DocumentStatus.EFFECTIVE)
    # when
    response = login(client, UserFactory(staff=True)).get(reverse("documents:list"), {"q": "quy trinh"})
    # then
    content = response.content.decode()
    assert effective.number in content
    assert draft.number not in content
    assert "Hướng dẫn lưu trữ" not in content


def test_list_query_count_does_not_grow_with_page_size(client, officer, django_assert_max_num_queries):
    for i in range(3):
        make_document(officer=officer, title=f"Tài liệu {i}", status=DocumentStatus.EFFECTIVE)
    login(client, officer)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("documents:list"))
    for i in range(3, 25):
        make_document(officer=officer, title=f"Tài liệu {i}", status=DocumentStatus.EFFECTIVE)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("documents:list"))
    assert response.content.decode().count("Tài liệu ") >= 25


def test_filters_by_type_department_and_status(client, officer):
    hd = DocumentTypeFactory(code="HD", name="Hướng dẫn")
    tc = DepartmentFactory(code="TC")
    a = make_document(officer=officer, doc_type=hd, status=DocumentStatus.EFFECTIVE)
    b = make_document(officer=officer, department=tc, status=DocumentStatus.DRAFT)
    login(client, officer)
    assert a.number in client.get(reverse("documents:list"), {"doc_type": hd.pk}).content.decode()
    assert b.number not in client.get(reverse("documents:list"), {"doc_type": hd.pk}).content.decode()
    assert b.number in client.get(reverse("documents:list"), {"status": "draft"}).content.decode()
    assert (
        a.number
        not in client.get(
            reverse("documents:list"), {"status": "draft", "department": tc.pk}
        ).content.decode()
    )


def test_officer_registers_and_publishes_through_the_ui(client, officer):
    # given
    login(client, officer)
    doc_type, department = DocumentTypeFactory(), DepartmentFactory(code="VP")
    UserFactory(staff=True, departments=[department])  # someone to read it once effective
    # when: register
    response = client.post(
        reverse("documents:register"),
        {
            "doc_type": doc_type.pk,
            "department": department.pk,
            "title": "Quy trình kiểm soát tài liệu",
            "confidentiality": "internal",
            "distribution": [department.pk],  # a draft nobody must read is not submitted
            "file": make_upload("quy-trình.pdf"),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and document.number == "QT-VP-01"
    version = document.versions.get()
    # when: submit, then the approver signs the default route with their password
    approver = UserFactory(approver=True)
    client.post(reverse("documents:transition", args=[version.pk, "submit"]))
    login(client, approver).post(
        reverse("approvals:sign", args=[version.pk]), {"decision": "approve", "password": PASSWORD}
    )
    # then: approved by the route's last signature and effective today
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE
    assert version.approved_by == approver
    assert {h.history_user for h in version.history.all()} >= {officer, approver}


def test_illegal_transition_in_ui_shows_a_message_not_an_error(client, officer):
    version = make_document(officer=officer).versions.get()
    response = login(client, officer).post(
        reverse("documents:transition", args=[version.pk, "publish"]), follow=True
    )
    assert response.status_code == 200
    assert "Cannot publish a version that is draft" in response.content.decode()


def test_withdraw_without_reason_is_refused_with_a_message(client, officer):
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    response = login(client, officer).post(
        reverse("approvals:withdraw", args=[version.pk]), {"reason": "", "password": PASSWORD}, follow=True
    )
    assert "This field is required" in response.content.decode()
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


def test_bad_upload_in_register_form_shows_error_and_saves_nothing(client, officer):
    login(client, officer)
    response = client.post(
        reverse("documents:register"),
        {
            "doc_type": DocumentTypeFactory().pk,
            "department": DepartmentFactory().pk,
            "title": "X",
            "confidentiality": "internal",
            "file": make_upload("virus.pdf", b"MZ\x90\x00binary"),
        },
    )
    assert response.status_code == 200
    assert "This type of file is not accepted" in response.content.decode()
    assert Document.objects.count() == 0


def test_approved_version_cannot_be_edited_through_the_ui(client, officer):
    version = make_document(officer=officer, status=DocumentStatus.APPROVED).versions.get()
    response = login(client, officer).post(
        reverse("documents:version_edit", args=[version.pk]),
        {"body": "changed", "change_summary": ""},
        follow=True,
    )
    assert "Only a draft can be edited" in response.content.decode()
    assert DocumentVersion.objects.get(pk=version.pk).body == ""


def test_download_keeps_vietnamese_name_and_refuses_a_tampered_file(client, officer):
    document = make_document(
        officer=officer, status=DocumentStatus.EFFECTIVE, file_name="quy-trình-tiếp-nhận.pdf"
    )
    version = document.versions.get()
    login(client, UserFactory(staff=True))
    response = client.get(reverse("documents:download", args=[version.pk]))
    assert response.status_code == 200
    assert "filename*=utf-8''quy-tr%C3%ACnh-ti%E1%BA%BFp-nh%E1%BA%ADn.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # when the stored bytes change behind the system's back
    with open(version.file.path, "ab") as handle:
        handle.write(b"tampered")
    response = client.get(reverse("documents:download", args=[version.pk]))
    assert response.status_code == 409


def test_staff_gets_404_for_a_draft_page_and_its_file(client, officer):
    version = make_document(officer=officer).versions.get()
    login(client, UserFactory(staff=True))
    assert client.get(reverse("documents:version_detail", args=[version.pk])).status_code == 404
    assert client.get(reverse("documents:download", args=[version.pk])).status_code == 404
    assert client.get(reverse("documents:detail", args=[version.document_id])).status_code == 404


def test_master_list_csv_has_effective_internal_documents_only(client, officer):
    internal = make_document(
        officer=officer, title="Quy trình đánh giá nội bộ", status=DocumentStatus.EFFECTIVE
    )
    make_document(officer=officer, title="Dự thảo", status=DocumentStatus.DRAFT)
    external_type = DocumentTypeFactory(
        code="TL-NGOAI", name="Tài liệu bên ngoài", is_external=True, numbering_pattern="TLN-{seq:03}"
    )
    login(client, officer)
    response = client.get(reverse("documents:master_list"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert internal.number in text and "Quy trình đánh giá nội bộ" in text and "Dự thảo" not in text
    assert external_type.code not in text


def test_officer_sees_history_staff_does_not(client, officer):
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    page = login(client, officer).get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "History" in page and officer.username in page
    page = (
        login(client, UserFactory(staff=True))
        .get(reverse("documents:detail", args=[document.pk]))
        .content.decode()
    )
    assert "<h2>History</h2>" not in page


def test_language_switch_to_vietnamese(client, officer):
    login(client, officer)
    client.post(reverse("set_language"), {"language": "vi", "next": "/documents/"})
    page = client.get(reverse("documents:list")).content.decode()
    assert "Tài liệu" in page


def test_original_downloads_are_written_to_the_access_log(client, officer):
    from renditions.models import AccessEvent

    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    reader = UserFactory(staff=True)
    login(client, reader).get(reverse("documents:download", args=[version.pk]))
    assert client.get(f"/api/v1/versions/{version.pk}/download/").status_code == 200
    events = list(AccessEvent.objects.filter(version=version, kind=AccessEvent.Kind.ORIGINAL).order_by("at"))
    assert [(e.user, e.via_api) for e in events] == [(reader, False), (reader, True)]


def test_a_missing_stored_file_is_refused_not_a_server_error(client, officer):
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    version.file.storage.delete(version.file.name)
    response = login(client, officer).get(reverse("documents:download", args=[version.pk]))
    assert response.status_code == 409
    assert "no longer matches" in response.content.decode()
