"""The web pages: reading PDFs, progress, the public status page, copies, the access log,
printed master lists."""

import pytest
from django.urls import reverse

from documents import services as document_services
from documents.workflow import DocumentStatus
from renditions import services
from renditions.models import AccessEvent, ControlledCopy, Rendition
from tests.documents.factories import UserFactory, advance_version, make_document
from tests.renditions.pdftext import all_text, page_sizes, pages_text

pytestmark = pytest.mark.django_db


def effective(officer, **kwargs):
    return make_document(
        officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, **kwargs
    ).versions.get()


def pdf_url(version, download=False):
    url = reverse("renditions:version_pdf", args=[version.pk])
    return url + "?download=1" if download else url


def test_reader_views_and_downloads_the_effective_version(client):
    # given
    version = effective(UserFactory(officer=True))
    reader = UserFactory(staff=True, first_name="Lý", last_name="Thị Mai")
    client.force_login(reader)
    # when
    viewed = client.get(pdf_url(version))
    downloaded = client.get(pdf_url(version, download=True))
    # then
    assert viewed.status_code == 200 and viewed["Content-Type"] == "application/pdf"
    assert viewed["Content-Disposition"].startswith("inline")
    assert downloaded["Content-Disposition"].startswith("attachment")
    text = all_text(downloaded.content)
    assert "UNCONTROLLED COPY WHEN PRINTED" in text and "Lý Thị Mai" in text
    kinds = list(AccessEvent.objects.order_by("at").values_list("kind", "user_id"))
    assert kinds == [("view", reader.pk), ("download", reader.pk)]


def test_a_version_the_user_may_not_see_is_404_and_nothing_is_logged(client):
    officer = UserFactory(officer=True)
    draft = make_document(officer=officer, status=DocumentStatus.DRAFT, file_name=None).versions.get()
    confidential = effective(officer, confidential=True)
    client.force_login(UserFactory(staff=True))
    assert client.get(pdf_url(draft)).status_code == 404
    assert client.get(pdf_url(confidential)).status_code == 404
    assert client.get(pdf_url(confidential) + "999").status_code == 404
    assert AccessEvent.objects.count() == 0 and Rendition.objects.count() == 0


def test_anonymous_reader_is_sent_to_log_in(client):
    version = effective(UserFactory(officer=True))
    response = client.get(pdf_url(version))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_large_pdf_shows_progress_then_opens(client, settings, django_capture_on_commit_callbacks):
    # given a source above the in-request limit
    settings.QMS_RENDITION_INLINE_MAX_TEXT_BYTES = 1  # the authored body counts as "large"
    version = effective(UserFactory(officer=True))
    client.force_login(UserFactory(staff=True))
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(pdf_url(version, download=True))
    # then the reader waits on the progress page
    assert response.status_code == 302
    progress_url = response["Location"]
    page = client.get(progress_url)
    assert b"<progress" in page.content and b'http-equiv="refresh" content="2"' in page.content
    # when the task has run
    for callback in callbacks:
        callback()
    page = client.get(progress_url)
    # then the page sends the reader to the PDF
    assert f"url={pdf_url(version)}?download=1".encode() in page.content
    assert client.get(pdf_url(version, download=True))["Content-Type"] == "application/pdf"


def test_status_page_tells_anyone_whether_the_printed_version_is_current(client):
    # given an effective version with its printed status link
    officer = UserFactory(officer=True)
    old = effective(officer, title="Quy trình cấp phép")
    from renditions.builders import status_link_for

    token = status_link_for(old).token
    url = reverse("renditions:status", args=[token])
    # when anyone (not logged in) scans it
    response = client.get(url)
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is the effective version." in page
    assert old.document.number in page and "Quy trình cấp phép" in page
    assert "Nội dung" not in page  # never the content
    # when revision 02 takes over
    new = document_services.version_create_draft(
        actor=officer, document=old.document, body="Mới", change_summary="Sửa đổi"
    )
    advance_version(new, DocumentStatus.EFFECTIVE, officer=officer)
    page = client.get(url).content.decode()
    assert "This version is no longer effective. The effective version is revision 02" in page
    assert client.get(reverse("renditions:status", args=["nope"])).status_code == 404


def test_status_page_is_translated(client):
    version = effective(UserFactory(officer=True))
    from renditions.builders import status_link_for

    url = reverse("renditions:status", args=[status_link_for(version).token])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đây là phiên bản đang hiệu lực." in page


def make_events(officer, count):
    version = effective(officer)
    for _ in range(count):
        services.access_record(user=UserFactory(staff=True), version=version, kind=AccessEvent.Kind.DOWNLOAD)


def test_access_log_answers_who_printed_the_old_revision(client):
    # given reader A printed revision 01 after it was superseded, B printed revision 02
    officer = UserFactory(officer=True)
    old = effective(officer)
    new = document_services.version_create_draft(
        actor=officer, document=old.document, body="Mới", change_summary="Sửa đổi"
    )
    new = advance_version(new, DocumentStatus.EFFECTIVE, officer=officer)
    old.refresh_from_db()
    a = UserFactory(officer=True, username="reader-a", first_name="Kiều", last_name="Văn Cũ")
    b = UserFactory(staff=True, username="reader-b", first_name="Mạc", last_name="Thị Mới")
    services.access_record(user=a, version=old, kind=AccessEvent.Kind.DOWNLOAD)
    services.access_record(user=b, version=new, kind=AccessEvent.Kind.DOWNLOAD)
    client.force_login(officer)
    url = reverse("renditions:access_log")
    # when
    page = client.get(url, {"historical_only": "on"}).content.decode()
    by_revision = client.get(url, {"number": old.document.number, "revision": "2"}).content.decode()
    csv = client.get(url, {"historical_only": "on", "format": "csv"})
    # then
    assert a.get_full_name() in page and b.get_full_name() not in page
    assert b.get_full_name() in by_revision and a.get_full_name() not in by_revision
    body = csv.content.decode("utf-8")
    assert csv["Content-Type"].startswith("text/csv") and body.startswith("\ufeff")
    assert "reader-a" in body and "reader-b" not in body and ",01," in body


def test_access_log_and_copies_are_for_officers_only(client):
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("renditions:access_log")).status_code == 404
    assert client.get(reverse("renditions:copy_list")).status_code == 404


def test_access_log_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    officer = UserFactory(officer=True)
    client.force_login(officer)
    make_events(officer, 2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("renditions:access_log"))
    make_events(officer, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("renditions:access_log"))
    assert response.content.decode().count("<tr>") >= 32


def test_officer_issues_prints_and_retrieves_a_copy_from_the_pages(client, django_assert_max_num_queries):
    # given
    officer = UserFactory(officer=True)
    version = effective(officer)
    client.force_login(officer)
    # when issuing through the form
    response = client.post(
        reverse("renditions:copy_issue", args=[version.pk]), {"holder_name": "Phòng Tổ chức", "location": ""}
    )
    # then
    assert response.status_code == 302
    copy = ControlledCopy.objects.get()
    version_page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    assert "Phòng Tổ chức" in version_page and "View PDF" in version_page
    printed = client.get(reverse("renditions:copy_pdf", args=[copy.pk]))
    assert "CONTROLLED COPY No. 1" in all_text(printed.content)
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("renditions:copy_list"))
    assert "Phòng Tổ chức" in listing.content.decode()
    client.post(reverse("renditions:copy_retrieve", args=[copy.pk]), {"note": "Đã hủy"})
    copy.refresh_from_db()
    assert not copy.is_out


def test_issue_form_refuses_an_empty_holder(client):
    officer = UserFactory(officer=True)
    version = effective(officer)
    client.force_login(officer)
    response = client.post(reverse("renditions:copy_issue", args=[version.pk]), {"holder_name": ""})
    assert response.status_code == 200 and b"Name the holder or the location" in response.content
    assert ControlledCopy.objects.count() == 0


def test_master_lists_print_as_landscape_pdf(client):
    officer = UserFactory(officer=True)
    version = effective(officer, title="Quy trình tiếp nhận hồ sơ")
    client.force_login(UserFactory(staff=True))
    response = client.get(reverse("renditions:master_list_pdf"))
    assert response["Content-Type"] == "application/pdf"
    width, height = page_sizes(response.content)[0]
    assert width > height
    text = pages_text(response.content)[0]
    assert "Master list of internal documents" in text and version.document.number in text
    external = client.get(reverse("renditions:external_list_pdf"))
    assert "List of external documents" in all_text(external.content)
    assert version.document.number not in all_text(external.content)


def test_home_page_tells_officers_about_copies_to_retrieve(client):
    # given a copy still out of a withdrawn version
    from tests.approvals.factories import withdraw_with_signature

    officer = UserFactory(officer=True)
    version = effective(officer)
    services.copy_issue(actor=officer, version=version, holder_name="Phòng TC")
    client.force_login(officer)
    assert "Controlled copies to retrieve" not in client.get(reverse("home")).content.decode()
    # when
    withdraw_with_signature(version, officer=officer)
    # then
    page = client.get(reverse("home")).content.decode()
    assert "Controlled copies to retrieve" in page
    assert "1 copy is still out although its version is no longer effective." in page


def test_admin_lists_copies_access_log_and_renditions_read_only(client):
    officer = UserFactory(officer=True)
    version = effective(officer)
    copy = services.copy_issue(actor=officer, version=version, holder_name="Phòng TC")
    services.access_record(user=officer, version=version, kind=AccessEvent.Kind.VIEW)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for name in ["accessevent", "controlledcopy", "rendition"]:
        assert client.get(reverse(f"admin:renditions_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:renditions_controlledcopy_change", args=[copy.pk])).status_code == 200
    assert client.get(reverse("admin:renditions_controlledcopy_add")).status_code == 403
