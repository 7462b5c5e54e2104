"""Change requests: a reader proposes a change; a QMS officer accepts (a new draft is
opened) or declines it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.models import ChangeRequest
from approvals.permissions import DECIDE_CHANGE_REQUESTS
from approvals.services.signing import signer_name
from documents import services as document_services
from documents.models import DocumentVersion
from documents.permissions import visible_version_q
from documents.workflow import DocumentStatus, TransitionError
from notifications.services import notify
from qms.history import save_recorded as _save
from qms.uploads import check_upload


def _officers():
    return get_user_model().objects.with_perm(
        DECIDE_CHANGE_REQUESTS, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )


@transaction.atomic
def change_request_create(*, actor, document, what: str, why: str, attachment=None) -> ChangeRequest:
    """Anyone who can read the effective version proposes a change."""
    if not DocumentVersion.objects.filter(
        visible_version_q(actor), document=document, status=DocumentStatus.EFFECTIVE
    ).exists():
        raise PermissionDenied(_("Only readers of the effective version propose changes."))
    errors = {}
    if not (what or "").strip():
        errors["what"] = _("Say what should change.")
    if not (why or "").strip():
        errors["why"] = _("Say why.")
    if errors:
        raise ValidationError(errors)
    request = ChangeRequest(document=document, requested_by=actor, what=what.strip(), why=why.strip())
    if attachment is not None:
        checked = check_upload(attachment)
        request.attachment.save(checked.original_filename, attachment, save=False)
        request.attachment_name = checked.original_filename
    _save(request, actor=actor, reason="request")
    recipients = {document.owner_id, *_officers().values_list("pk", flat=True)} - {actor.pk}
    for user in get_user_model().objects.filter(pk__in=recipients, is_active=True):
        notify(
            recipient=user,
            kind="change_request.new",
            subject=gettext_lazy("Change request for %(number)s"),
            message=gettext_lazy("%(requester)s proposes a change to %(number)s %(title)s: %(what)s"),
            url=reverse("approvals:change_request_detail", args=[request.pk]),
            context={
                "number": document.number,
                "title": document.title,
                "requester": signer_name(actor),
                "what": request.what,
            },
        )
    return request


def _lock_open_request(*, actor, change_request) -> ChangeRequest:
    if not actor.has_perm(DECIDE_CHANGE_REQUESTS):
        raise PermissionDenied(_("Only QMS officers decide change requests."))
    request = ChangeRequest.objects.select_for_update().select_related("document").get(pk=change_request.pk)
    if request.status != ChangeRequest.Status.OPEN:
        raise TransitionError(_("This change request has already been decided."))
    return request


def _notify_decision(request):
    notify(
        recipient=request.requested_by,
        kind="change_request.decided",
        subject=gettext_lazy("Your change request for %(number)s: %(outcome)s"),
        message=gettext_lazy("%(outcome)s. %(reason)s"),
        url=reverse("approvals:change_request_detail", args=[request.pk]),
        context={
            "number": request.document.number,
            "outcome": request.get_status_display(),
            "reason": request.decision_reason,
        },
    )


@transaction.atomic
def change_request_accept(*, actor, change_request, reason: str = "") -> ChangeRequest:
    """Accept: a new draft revision is opened for the document owner (or the revision
    already in progress takes the request on), linked to the request."""
    request = _lock_open_request(actor=actor, change_request=change_request)
    document = request.document
    in_progress = document.versions.filter(
        status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW]
    ).order_by("-revision")
    version = in_progress.first()
    if version is None:
        effective = document.versions.filter(status=DocumentStatus.EFFECTIVE).first()
        if effective is None:
            raise TransitionError(_("This document has no effective version to revise."))
        file = None
        if effective.file:
            with effective.file.open("rb") as handle:
                file = ContentFile(handle.read(), name=effective.original_filename or "document")
        version = document_services.version_create_draft(
            actor=actor,
            document=document,
            file=file,
            body=effective.body,
            change_summary=request.what,
            author=document.owner,
        )
    request.status = ChangeRequest.Status.ACCEPTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = (reason or "").strip()
    request.resulting_version = version
    _save(
        request,
        actor=actor,
        reason="accept",
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "resulting_version"],
    )
    _notify_decision(request)
    if document.owner_id != actor.pk:
        notify(
            recipient=document.owner,
            kind="change_request.draft",
            subject=gettext_lazy("New draft to prepare: %(number)s rev. %(rev)s"),
            message=gettext_lazy("A change request was accepted: %(what)s"),
            url=reverse("documents:version_detail", args=[version.pk]),
            context={"number": document.number, "rev": version.revision_label, "what": request.what},
        )
    return request


@transaction.atomic
def change_request_decline(*, actor, change_request, reason: str) -> ChangeRequest:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the request is declined.")})
    request = _lock_open_request(actor=actor, change_request=change_request)
    request.status = ChangeRequest.Status.DECLINED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason.strip()
    _save(
        request,
        actor=actor,
        reason="decline",
        update_fields=["status", "decided_by", "decided_at", "decision_reason"],
    )
    _notify_decision(request)
    return request
