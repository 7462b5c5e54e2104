"""Signing the active stage of a version in review: approve, request changes or reject.

``version_sign`` checks the password *before* its transaction (a wrong one is recorded
even though nothing is signed), then locks the version row and re-checks everything: two
signers finishing the last stage at once serialise on that lock, so exactly one of them
fires the approval.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.models import ApprovalRoute, Decision, Signature, StageMode
from approvals.selectors import active_stage, progress_bar_signers_of_other_stages, route_progress
from approvals.services.routes import RETURNING_DECISIONS, stage_notify_signers, stages_can_finish
from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from notifications.services import notify
from organisation.roles import Role
from qms.uploads import sha256_of
from signatures.services import signing_authenticate


class NotASigner(TransitionError):
    """The user may see the version but is not a signer of its active stage."""


class OneStagePerSigner(TransitionError):
    """Segregation of duties: the signer already signed another stage of this route in
    this round (or signing now would leave a later stage with nobody to sign it)."""


def signed_content_sha256(version) -> str:
    """SHA-256 of what is signed: the stored file's bytes (checked against the checksum
    taken at upload), or the authored text when there is no file."""
    if version.file:
        with version.file.open("rb") as handle:
            digest = sha256_of(handle)
        if version.checksum and digest != version.checksum:
            raise TransitionError(
                _("The stored file does not match its checksum. Nothing was signed; tell the QMS officer.")
            )
        return digest
    return hashlib.sha256(version.body.encode("utf-8")).hexdigest()


def signer_role_names(user) -> str:
    names = set(user.groups.filter(name__in=Role.ALL).values_list("name", flat=True))
    return ", ".join(name for name in Role.ALL if name in names)


def signer_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _check_one_stage_per_signer(*, actor, route, progress, decision) -> None:
    """Refuse a signature that breaks the route's one-stage-per-signer rule: the actor
    already approved another stage in this round, or their approval would leave a later
    stage with nobody allowed to sign it while another signer of this one would not."""
    current = active_stage(progress)
    if not route.one_stage_per_signer or current is None:
        return
    if actor.pk in current.barred:
        signed = next(item for item in progress if actor.pk in item.approved_by)
        raise OneStagePerSigner(
            _(
                "You already signed the stage “%(signed)s” in this round. Each signer signs one "
                "stage of this route, so someone else must sign “%(stage)s”. Nothing was signed."
            )
            % {"signed": signed.stage.name, "stage": current.stage.name}
        )
    if (
        decision != Decision.APPROVE
        or current.stage.mode != StageMode.ANY
        or actor.pk not in current.eligible
    ):
        return
    # Refuse only when another signer of this stage would let the route finish.
    signed = set().union(*(item.approved_by for item in progress))
    later = [(item.stage.mode, item.eligible) for item in progress[progress.index(current) + 1 :]]
    others = [(StageMode.ANY, current.eligible - {actor.pk}), *later]
    if not stages_can_finish(later, signed | {actor.pk}) and stages_can_finish(others, signed):
        raise OneStagePerSigner(
            _(
                "Each signer signs one stage of this route, and you are needed for a later stage: "
                "if you approve “%(stage)s”, nobody would be left to sign it. Let another signer "
                "approve this stage, or request changes. Nothing was signed."
            )
            % {"stage": current.stage.name}
        )


def version_sign(*, actor, version, decision: str, comment: str = "", password: str) -> Signature:
    """Sign the active stage of a version in review: approve, request changes or reject.

    The password is checked first (a wrong one records a failed attempt and signs nothing).
    """
    comment = (comment or "").strip()
    if decision not in (Decision.APPROVE, Decision.REQUEST_CHANGES, Decision.REJECT):
        raise ValidationError({"decision": _("Choose approve, request changes or reject.")})
    if decision != Decision.APPROVE and not comment:
        raise ValidationError(
            {"comment": _("Say what must change: a comment is required unless you approve.")}
        )
    _sign_precheck(actor=actor, version=DocumentVersion.objects.get(pk=version.pk))
    route = ApprovalRoute.objects.filter(version_id=version.pk).select_related("version__document").first()
    if route is not None:
        # Before the password: a signer this rule refuses is not locked out for trying.
        _check_one_stage_per_signer(
            actor=actor, route=route, progress=route_progress(route), decision=decision
        )
    signing_authenticate(user=actor, password=password, purpose=f"sign version {version.pk}")
    return _sign(actor=actor, version_id=version.pk, decision=decision, comment=comment)


def _sign_precheck(*, actor, version) -> None:
    # Cheap checks before the password, so a user who cannot sign is not locked out for trying.
    if version.status != DocumentStatus.IN_REVIEW:
        raise TransitionError(_("This version is not in review; nothing was signed."))
    if actor.pk == version.author_id:
        raise TransitionError(_("The author cannot sign their own version."))


@transaction.atomic
def _sign(*, actor, version_id, decision, comment) -> Signature:
    version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version_id)
    _sign_precheck(actor=actor, version=version)
    route = ApprovalRoute.objects.select_for_update().get(version=version)
    progress = route_progress(route)
    current = active_stage(progress)
    _check_one_stage_per_signer(actor=actor, route=route, progress=progress, decision=decision)
    if current is None or actor.pk not in current.eligible:
        raise NotASigner(_("You are not a signer of the active stage of this version."))
    if actor.pk in current.approved_by:
        raise TransitionError(_("You have already signed this stage."))
    signature = Signature.objects.create(
        version=version,
        round=route.round,
        stage_position=current.stage.position,
        stage_name=current.stage.name,
        signer=actor,
        signer_name=signer_name(actor),
        signer_role=signer_role_names(actor),
        meaning=current.stage.meaning,
        decision=decision,
        comment=comment,
        content_sha256=signed_content_sha256(version),
    )
    if decision in RETURNING_DECISIONS:
        _return_to_author(actor=actor, version=version, signature=signature)
        return signature
    current.approved_by.add(actor.pk)
    current.complete = current.stage.mode == StageMode.ANY or current.eligible <= current.approved_by
    if route.one_stage_per_signer:
        progress_bar_signers_of_other_stages(progress)  # the next stage's signers, without this one
    following = active_stage(progress)
    if following is None:
        _approve(actor=actor, version=version, route=route, comment=comment)
    elif following is not current:
        stage_notify_signers(version, following)
    return signature


def _return_to_author(*, actor, version, signature):
    label = _("Changes requested") if signature.decision == Decision.REQUEST_CHANGES else _("Rejected")
    document_services.version_reject(
        actor=actor,
        version=version,
        comment=f"{label} ({signature.stage_name}, {signature.signer_name}): {signature.comment}",
    )
    notify(
        recipient=version.author,
        kind="approval.returned",
        subject=gettext_lazy("Returned to you: %(number)s rev. %(rev)s"),
        message=gettext_lazy("%(signer)s returned the draft: %(comment)s"),
        url=reverse("documents:version_detail", args=[version.pk]),
        context={
            "number": version.document.number,
            "rev": version.revision_label,
            "signer": signature.signer_name,
            "comment": signature.comment,
        },
    )


def _approve(*, actor, version, route, comment):
    document_services.version_approve(actor=actor, version=version, comment=comment)
    version = document_services.version_publish_on_effective_date(
        version=version, effective_date=route.planned_effective_date
    )
    notify(
        recipient=version.author,
        kind="approval.approved",
        subject=gettext_lazy("Approved: %(number)s rev. %(rev)s"),
        message=gettext_lazy("Revision %(rev)s of %(number)s %(title)s is approved, effective %(date)s."),
        url=reverse("documents:version_detail", args=[version.pk]),
        context={
            "number": version.document.number,
            "title": version.document.title,
            "rev": version.revision_label,
            "date": (version.effective_date or timezone.localdate()).strftime("%d/%m/%Y"),
        },
    )
