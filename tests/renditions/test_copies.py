"""Controlled copies: issue, print, retrieve, and what is still out when a version goes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from documents import services as document_services
from documents.workflow import DocumentStatus
from renditions import selectors, services
from renditions.models import AccessEvent, ControlledCopy
from tests.approvals.factories import withdraw_with_signature
from tests.documents.factories import DepartmentFactory, UserFactory, advance_version, make_document
from tests.renditions.pdftext import pages_text

pytestmark = pytest.mark.django_db


def effective_version(officer, **kwargs):
    return make_document(
        officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None, **kwargs
    ).versions.get()


def test_copies_are_numbered_in_order_per_version():
    # given
    officer = UserFactory(officer=True)
    version = effective_version(officer)
    holder = UserFactory(staff=True)
    # when
    first = services.copy_issue(actor=officer, version=version, holder=holder)
    second = services.copy_issue(actor=officer, version=version, location="Bộ phận một cửa, tầng 1")
    # then
    assert (first.number, second.number) == (1, 2)
    assert second.holder_display == "Bộ phận một cửa, tầng 1"
    assert first.history.get().history_user == officer


def test_only_the_effective_version_gets_copies():
    officer = UserFactory(officer=True)
    draft = make_document(officer=officer, status=DocumentStatus.DRAFT, file_name=None).versions.get()
    with pytest.raises(services.CopyNotAllowed):
        services.copy_issue(actor=officer, version=draft, holder_name="Phòng TC")
    assert ControlledCopy.objects.count() == 0


def test_a_copy_needs_a_holder_or_a_location():
    officer = UserFactory(officer=True)
    version = effective_version(officer)
    with pytest.raises(ValidationError):
        services.copy_issue(actor=officer, version=version, holder_name="  ")
    assert ControlledCopy.objects.count() == 0


def test_staff_cannot_issue_or_retrieve_copies():
    officer = UserFactory(officer=True)
    version = effective_version(officer)
    staff = UserFactory(staff=True)
    with pytest.raises(PermissionDenied):
        services.copy_issue(actor=staff, version=version, holder_name="Tôi")
    copy = services.copy_issue(actor=officer, version=version, holder_name="Phòng TC")
    with pytest.raises(PermissionDenied):
        services.copy_retrieve(actor=staff, copy=copy)
    copy.refresh_from_db()
    assert copy.is_out and copy.history.count() == 1


def test_retrieval_is_recorded_once():
    officer = UserFactory(officer=True)
    copy = services.copy_issue(actor=officer, version=effective_version(officer), holder_name="Phòng TC")
    services.copy_retrieve(actor=officer, copy=copy, note="Đã thu hồi và hủy")
    copy.refresh_from_db()
    assert not copy.is_out and copy.retrieved_by == officer and copy.retrieval_note == "Đã thu hồi và hủy"
    with pytest.raises(services.CopyNotAllowed):
        services.copy_retrieve(actor=officer, copy=copy)


def test_copies_still_out_are_listed_when_the_version_is_superseded():
    # given two copies of revision 01, one already back
    officer = UserFactory(officer=True)
    old = effective_version(officer)
    out = services.copy_issue(actor=officer, version=old, holder_name="Phòng Tổ chức")
    back = services.copy_issue(actor=officer, version=old, holder_name="Phòng Kế hoạch")
    services.copy_retrieve(actor=officer, copy=back)
    assert list(selectors.copies_to_retrieve(officer)) == []
    # when revision 02 becomes effective
    new = document_services.version_create_draft(
        actor=officer, document=old.document, body="Mới", change_summary="Sửa đổi"
    )
    advance_version(new, DocumentStatus.EFFECTIVE, officer=officer)
    # then the copy still out is listed for retrieval
    assert list(selectors.copies_to_retrieve(officer)) == [out]


def test_copies_still_out_are_listed_when_the_version_is_withdrawn():
    officer = UserFactory(officer=True)
    version = effective_version(officer)
    copy = services.copy_issue(actor=officer, version=version, holder_name="Phòng Tổ chức")
    withdraw_with_signature(version, officer=officer, reason="Bãi bỏ thủ tục")
    assert list(selectors.copy_list(officer, state="to_retrieve")) == [copy]


def test_copy_pdf_says_controlled_copy_number_and_holder():
    # given
    officer = UserFactory(officer=True)
    version = effective_version(officer)
    services.copy_issue(actor=officer, version=version, holder_name="Phòng Tổ chức")
    copy = services.copy_issue(actor=officer, version=version, holder_name="Phòng Kế hoạch – Tài chính")
    # when
    with translation.override("vi"):
        pdf = services.copy_pdf(actor=officer, copy=copy)
    # then every page says which copy it is and whose
    for text in pages_text(pdf):
        assert "BẢN KIỂM SOÁT SỐ 2" in text
        assert "Phòng Kế hoạch – Tài chính" in text
        assert "KHÔNG KIỂM SOÁT" not in text
    event = AccessEvent.objects.get()
    assert (event.kind, event.copy) == (AccessEvent.Kind.CONTROLLED_COPY, copy)


def test_a_retrieved_copy_or_an_old_version_is_not_printed_as_controlled():
    officer = UserFactory(officer=True)
    version = effective_version(officer)
    copy = services.copy_issue(actor=officer, version=version, holder_name="Phòng TC")
    withdraw_with_signature(version, officer=officer, reason="Bãi bỏ")
    copy.refresh_from_db()
    with pytest.raises(services.CopyNotAllowed):
        services.copy_pdf(actor=officer, copy=copy)
    assert AccessEvent.objects.count() == 0


def test_officers_see_copies_only_of_versions_they_may_see():
    # given a confidential document's copy
    officer = UserFactory(officer=True)
    version = effective_version(officer, confidential=True, department=DepartmentFactory(code="TC"))
    services.copy_issue(actor=officer, version=version, holder_name="Phòng TC")
    # when a user without any right asks
    staff = UserFactory(staff=True)
    # then
    assert list(selectors.copy_list(staff)) == []
    with pytest.raises(Exception) as error:
        selectors.copy_get_for_user(staff, ControlledCopy.objects.get().pk)
    assert error.type.__name__ == "Http404"


def test_the_issuer_is_told_to_retrieve_copies_when_the_version_is_superseded():
    from notifications.models import Notification

    # given copies issued by two officers, one of them back already
    officer, colleague = UserFactory(officer=True), UserFactory(officer=True)
    old = effective_version(officer)
    services.copy_issue(actor=officer, version=old, holder_name="Phòng Tổ chức")
    services.copy_issue(actor=officer, version=old, location="Bộ phận một cửa")
    back = services.copy_issue(actor=colleague, version=old, holder_name="Phòng Kế hoạch")
    services.copy_retrieve(actor=colleague, copy=back)
    # when revision 02 becomes effective
    new = document_services.version_create_draft(
        actor=officer, document=old.document, body="Mới", change_summary="Sửa"
    )
    advance_version(new, DocumentStatus.EFFECTIVE, officer=officer)
    # then only the officer with copies still out is told, once, naming them
    notes = list(Notification.objects.filter(kind="controlled_copies_to_retrieve"))
    assert [n.recipient for n in notes] == [officer]
    assert "Retrieve 2 controlled copies of" in notes[0].subject
    assert "1: Phòng Tổ chức" in notes[0].message and "2: Bộ phận một cửa" in notes[0].message
