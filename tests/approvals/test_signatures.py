"""Electronic signatures: password re-entry, lockout, binding to the bytes, immutability,
withdrawal, and the race of two signers completing the last stage at once."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction

from approvals import services
from approvals.models import Decision, ImmutableRecordError, Signature, StageMode
from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from signatures.models import SigningAttempt
from signatures.services import SignatureRefused
from tests.approvals.factories import make_effective_document, set_route, sign, stage, withdraw_with_signature
from tests.documents.factories import PASSWORD, UserFactory, make_document


def in_review(officer=None):
    officer = officer or UserFactory(officer=True)
    version = make_document(officer=officer).versions.get()
    return document_services.version_submit(actor=officer, version=version)


@pytest.mark.django_db
def test_a_wrong_password_records_a_failed_attempt_and_signs_nothing():
    version = in_review()
    approver = UserFactory(approver=True)
    with pytest.raises(SignatureRefused):
        services.version_sign(actor=approver, version=version, decision=Decision.APPROVE, password="wrong")
    assert not Signature.objects.exists()
    assert SigningAttempt.objects.filter(user=approver, succeeded=False).count() == 1
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW


@pytest.mark.django_db
def test_five_wrong_passwords_lock_signing_even_with_the_right_one():
    version = in_review()
    approver = UserFactory(approver=True)
    for _ in range(5):
        with pytest.raises(SignatureRefused):
            services.version_sign(actor=approver, version=version, decision=Decision.APPROVE, password="nope")
    with pytest.raises(SignatureRefused) as error:
        services.version_sign(actor=approver, version=version, decision=Decision.APPROVE, password=PASSWORD)
    assert "locked" in error.value.message
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_someone_who_cannot_sign_is_refused_before_the_password_is_checked():
    version = in_review()
    author = version.author
    with pytest.raises(TransitionError):
        services.version_sign(actor=author, version=version, decision=Decision.APPROVE, password="x")
    assert not SigningAttempt.objects.filter(user=author).exists()


@pytest.mark.django_db
def test_a_comment_is_mandatory_unless_approving_and_nothing_is_recorded_without_it():
    version = in_review()
    approver = UserFactory(approver=True)
    for decision in (Decision.REQUEST_CHANGES, Decision.REJECT):
        with pytest.raises(ValidationError):
            sign(version, approver, decision, comment="")
    assert not Signature.objects.exists()
    assert not SigningAttempt.objects.exists()


@pytest.mark.django_db
def test_a_signature_is_bound_to_the_stored_bytes_and_refused_if_the_file_was_altered():
    version = in_review()
    with open(version.file.path, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(TransitionError) as error:
        sign(version, UserFactory(approver=True))
    assert "checksum" in error.value.message
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_a_signature_can_never_be_changed_or_deleted():
    document = make_effective_document()
    signature = Signature.objects.get(version__document=document)
    signature.comment = "sửa"
    with pytest.raises(ImmutableRecordError):
        signature.save()
    with pytest.raises(ImmutableRecordError):
        signature.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).update(comment="sửa")
    assert Signature.objects.get(pk=signature.pk).comment == ""


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_database_refuses_to_delete_a_signature():
    document = make_effective_document()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.filter(version__document=document).delete()
    assert Signature.objects.filter(version__document=document).count() == 1


@pytest.mark.django_db
def test_signature_admin_is_read_only(admin_client):
    make_effective_document()
    signature = Signature.objects.get()
    page = admin_client.get(f"/admin/approvals/signature/{signature.pk}/change/")
    assert page.status_code == 200
    assert b'name="comment"' not in page.content
    assert (
        admin_client.post(f"/admin/approvals/signature/{signature.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Signature.objects.filter(pk=signature.pk).exists()


@pytest.mark.django_db
def test_withdrawal_needs_a_reason_and_an_approvers_signature():
    officer = UserFactory(officer=True)
    version = make_effective_document(officer=officer).versions.get()
    # the plain service no longer withdraws without a signature
    with pytest.raises(TransitionError):
        document_services.version_withdraw(actor=officer, version=version, reason="Hết hiệu lực")
    with pytest.raises(ValidationError):
        services.version_withdraw_signed(actor=officer, version=version, reason=" ", password=PASSWORD)
    with pytest.raises(SignatureRefused):
        services.version_withdraw_signed(
            actor=officer, version=version, reason="Hết hiệu lực", password="bad"
        )
    # an approver without the right to withdraw is refused before any password check
    with pytest.raises(PermissionDenied):
        services.version_withdraw_signed(
            actor=UserFactory(approver=True), version=version, reason="x", password=PASSWORD
        )
    version = withdraw_with_signature(version, officer=officer, reason="Hết hiệu lực pháp lý")
    assert version.status == DocumentStatus.OBSOLETE
    assert version.withdrawn_reason == "Hết hiệu lực pháp lý"
    withdrawal = version.signatures.get(decision=Decision.WITHDRAW)
    assert (withdrawal.signer, withdrawal.meaning, withdrawal.comment) == (
        officer,
        "withdrawn",
        "Hết hiệu lực pháp lý",
    )


def _sign_in_thread(version_pk, signer, results, barrier):
    close_old_connections()
    try:
        barrier.wait(timeout=10)
        version = DocumentVersion.objects.get(pk=version_pk)
        sign(version, signer)
        results.append("signed")
    except TransitionError as error:
        results.append(f"refused: {error.message}")
    except Exception as error:  # surface anything else in the assertion message
        results.append(f"error: {error!r}")
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", [StageMode.ANY, StageMode.ALL])
def test_two_signers_completing_the_last_stage_at_once_give_exactly_one_approval(mode, seeded_rows):
    # given a version in review whose last stage two approvers may sign
    officer = UserFactory(officer=True)
    first, second = UserFactory(approver=True), UserFactory(approver=True)
    version = make_document(officer=officer).versions.get()
    set_route(version, [stage("Phê duyệt", users=[first, second], mode=mode)], officer=officer)
    document_services.version_submit(actor=officer, version=version)
    # when both sign at the same moment
    results, barrier = [], threading.Barrier(2)
    threads = [
        threading.Thread(target=_sign_in_thread, args=(version.pk, signer, results, barrier))
        for signer in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then exactly one transition to approved happened and one version is effective
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE, results
    approvals = version.history.filter(status=DocumentStatus.APPROVED).count()
    assert approvals == 1, results
    assert (
        DocumentVersion.objects.filter(document=version.document, status=DocumentStatus.EFFECTIVE).count()
        == 1
    )
    if mode == StageMode.ANY:
        assert sorted(r.split(":")[0] for r in results) == ["refused", "signed"], results
        assert Signature.objects.filter(version=version).count() == 1
    else:
        assert results == ["signed", "signed"], results
        assert Signature.objects.filter(version=version).count() == 2
