"""Withdrawal: an approver who may withdraw signs it, with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approvals.models import ApprovalRoute, Decision, Meaning, Signature
from approvals.services.signing import signed_content_sha256, signer_name, signer_role_names
from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import LIFECYCLE, DocumentAction, TransitionError
from signatures.services import signing_authenticate


def _withdraw_precheck(*, actor, version):
    rule = LIFECYCLE.transition(version.status, DocumentAction.WITHDRAW)
    if not (LIFECYCLE.may_fire(actor, version, rule) and actor.has_perm("documents.approve_version")):
        raise PermissionDenied(_("Withdrawal is signed by an approver with the right to withdraw."))


def version_withdraw_signed(*, actor, version, reason: str, password: str) -> Signature:
    """Withdraw an effective (or approved-pending) version: a reason and the signature of an
    approver who may withdraw, after re-entering the password."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason for withdrawal is required.")})
    _withdraw_precheck(actor=actor, version=DocumentVersion.objects.get(pk=version.pk))
    signing_authenticate(user=actor, password=password, purpose=f"withdraw version {version.pk}")
    return _withdraw(actor=actor, version_id=version.pk, reason=reason)


@transaction.atomic
def _withdraw(*, actor, version_id, reason) -> Signature:
    version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version_id)
    _withdraw_precheck(actor=actor, version=version)
    route = ApprovalRoute.objects.filter(version=version).first()
    signature = Signature.objects.create(
        version=version,
        round=route.round if route else 0,
        stage_position=None,
        stage_name=_("Withdrawal"),
        signer=actor,
        signer_name=signer_name(actor),
        signer_role=signer_role_names(actor),
        meaning=Meaning.WITHDRAWN,
        decision=Decision.WITHDRAW,
        comment=reason,
        content_sha256=signed_content_sha256(version),
    )
    document_services.version_withdraw(actor=actor, version=version, reason=reason)
    return signature


def withdrawal_check_signed(*, version, actor) -> None:
    """Hook ``withdraw``: no withdrawal without the withdrawing approver's signature."""
    if not Signature.objects.filter(version=version, signer=actor, decision=Decision.WITHDRAW).exists():
        raise TransitionError(
            _("Withdrawal needs an approver's electronic signature: use “Withdraw with signature”.")
        )
