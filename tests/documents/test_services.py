import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from documents import services
from documents.models import Document, DocumentVersion, FrozenVersionError
from documents.workflow import DocumentStatus, TransitionError
from organisation.services import SYSTEM_USERNAME
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    advance_version,
    make_document,
    make_upload,
)

pytestmark = pytest.mark.django_db


def test_register_assigns_numbers_in_series_per_type_and_department():
    # given
    officer = UserFactory(officer=True)
    qt = DocumentTypeFactory(code="QT")
    vp = DepartmentFactory(code="VP")
    # when
    first = make_document(officer=officer, doc_type=qt, department=vp)
    second = make_document(officer=officer, doc_type=qt, department=vp)
    other = make_document(officer=officer, doc_type=qt, department=DepartmentFactory(code="TC"))
    # then
    assert [first.number, second.number, other.number] == ["QT-VP-01", "QT-VP-02", "QT-TC-01"]
    assert first.versions.get().revision_label == "01"


def test_numbers_are_never_reused_after_a_document_is_deleted():
    officer = UserFactory(officer=True)
    doc = make_document(officer=officer)
    doc.versions.all().delete()
    doc.delete()
    again = make_document(officer=officer)
    assert again.number == "QT-VP-02"


def test_only_officers_register():
    staff = UserFactory(staff=True)
    with pytest.raises(PermissionDenied):
        services.document_register(
            actor=staff, doc_type=DocumentTypeFactory(), department=DepartmentFactory(), title="X"
        )
    assert Document.objects.count() == 0


def test_full_lifecycle_and_supersede_in_one_step():
    officer = UserFactory(officer=True)
    doc = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    first = doc.versions.get()
    assert first.status == DocumentStatus.EFFECTIVE
    assert first.next_review_date == first.effective_date.replace(year=first.effective_date.year + 1)

    second = services.version_create_draft(
        actor=officer, document=doc, file=make_upload("v2.pdf"), change_summary="Bổ sung biểu mẫu"
    )
    advance_version(second, DocumentStatus.EFFECTIVE, officer=officer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (DocumentStatus.SUPERSEDED, DocumentStatus.EFFECTIVE)
    assert second.revision_label == "02"


def test_second_revision_needs_change_summary():
    officer = UserFactory(officer=True)
    doc = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    with pytest.raises(ValidationError):
        services.version_create_draft(actor=officer, document=doc, file=make_upload("v2.pdf"))
    assert doc.versions.count() == 1


def test_illegal_transition_is_refused_with_a_reason():
    officer = UserFactory(officer=True)
    version = make_document(officer=officer).versions.get()
    with pytest.raises(TransitionError) as error:
        services.version_publish(actor=officer, version=version)
    assert "draft" in str(error.value.message)
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT


def test_author_cannot_approve_own_version():
    approver = UserFactory(approver=True, author=True)
    officer = UserFactory(officer=True)
    doc = make_document(officer=officer, author=approver)
    version = services.version_submit(actor=approver, version=doc.versions.get())
    with pytest.raises(TransitionError):
        services.version_approve(actor=approver, version=version)


def test_only_the_route_approves_and_staff_cannot_sign():
    from approvals.services import version_sign

    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.IN_REVIEW).versions.get()
    # a direct approval, even by an approver, is refused: the route's signatures approve
    with pytest.raises(TransitionError):
        services.version_approve(actor=UserFactory(approver=True), version=version)
    with pytest.raises((TransitionError, PermissionDenied)):
        version_sign(actor=UserFactory(staff=True), version=version, decision="approve", password=PASSWORD)
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    assert version.history.count() == 2  # draft + submit, nothing for the refused attempts


def test_future_effective_date_waits_then_scheduled_step_supersedes():
    officer = UserFactory(officer=True)
    doc = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    old = doc.versions.get()
    new = services.version_create_draft(
        actor=officer, document=doc, file=make_upload("v2.pdf"), change_summary="Sửa đổi"
    )
    advance_version(new, DocumentStatus.APPROVED, officer=officer)
    later = timezone.localdate() + datetime.timedelta(days=10)
    services.version_publish(actor=officer, version=new, effective_date=later)
    new.refresh_from_db()
    assert new.status == DocumentStatus.APPROVED and new.is_pending_effective

    assert services.version_make_due_effective(today=later - datetime.timedelta(days=1)) == []
    assert services.version_make_due_effective(today=later) == [new.pk]
    assert services.version_make_due_effective(today=later) == []  # idempotent
    new.refresh_from_db()
    old.refresh_from_db()
    assert (old.status, new.status) == (DocumentStatus.SUPERSEDED, DocumentStatus.EFFECTIVE)
    assert new.history.first().history_user.username == SYSTEM_USERNAME


def test_withdraw_needs_reason_and_a_signature():
    from approvals.services import version_withdraw_signed

    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    with pytest.raises(ValidationError):
        version_withdraw_signed(actor=officer, version=version, reason=" ", password=PASSWORD)
    with pytest.raises(TransitionError):
        services.version_withdraw(actor=officer, version=version, reason="Hết hiệu lực pháp lý")
    version_withdraw_signed(actor=officer, version=version, reason="Hết hiệu lực pháp lý", password=PASSWORD)
    version.refresh_from_db()
    assert version.status == DocumentStatus.OBSOLETE
    assert version.withdrawn_reason == "Hết hiệu lực pháp lý"


def test_database_refuses_two_effective_versions():
    officer = UserFactory(officer=True)
    doc = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    second = services.version_create_draft(
        actor=officer, document=doc, file=make_upload("v2.pdf"), change_summary="Sửa đổi"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.filter(pk=second.pk).update(status=DocumentStatus.EFFECTIVE)


def test_approved_version_cannot_be_changed_by_model_save_update_or_delete():
    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.APPROVED).versions.get()
    version.body = "changed"
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(checksum="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(status=DocumentStatus.DRAFT)
    with pytest.raises(FrozenVersionError):
        DocumentVersion.objects.get(pk=version.pk).delete()
    with (
        pytest.raises((FrozenVersionError, ProtectedError)),
        transaction.atomic(),
    ):  # signatures protect it too
        DocumentVersion.objects.filter(pk=version.pk).delete()
    if connection.vendor == "postgresql":  # SQLite guards deletes in the ORM only (see migration 0005)
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM documents_documentversion WHERE id = %s", [version.pk])
    assert DocumentVersion.objects.get(pk=version.pk).body == ""


def test_upload_is_checked_by_content_and_nothing_is_saved_on_refusal(settings):
    officer = UserFactory(officer=True)
    kwargs = {
        "actor": officer,
        "doc_type": DocumentTypeFactory(),
        "department": DepartmentFactory(),
        "title": "T",
    }
    for bad, code in [
        (make_upload("fake.pdf", b"MZ\x90\x00 not a pdf"), "type"),
        (make_upload("empty.pdf", b""), "empty"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.document_register(**kwargs, file=bad)
        assert error.value.error_list[0].code == code
    mismatched = make_upload("report.png", make_upload("a.pdf").read())
    with pytest.raises(ValidationError) as error:
        services.document_register(**kwargs, file=mismatched)
    assert error.value.error_list[0].code == "mismatch"
    settings.QMS_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.document_register(**kwargs, file=make_upload("big.pdf"))
    assert error.value.error_list[0].code == "too_large"
    assert Document.objects.count() == 0
    assert DocumentVersion.objects.count() == 0


def test_docx_odt_xlsx_are_told_apart_by_content():
    officer = UserFactory(officer=True)
    doc = services.document_register(
        actor=officer,
        doc_type=DocumentTypeFactory(),
        department=DepartmentFactory(),
        title="T",
        file=make_upload("hướng dẫn.docx"),
    )
    version = doc.versions.get()
    assert version.original_filename == "hướng dẫn.docx"
    assert version.content_type.endswith("wordprocessingml.document")
    assert len(version.checksum) == 64
