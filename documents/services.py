"""Writes. Each service is one user action in one transaction: lock, check, save, record.

History rows (django-simple-history) are the event record; every save here names the
acting user and a change reason. Illegal transitions raise ``TransitionError``;
missing rights raise ``PermissionDenied`` (views and API answer 404 for objects the
user cannot see).
"""

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from documents.models import Document, DocumentVersion, VersionAttachment
from documents.numbering import number_next
from documents.workflow import AUTHOR_EXCLUDED, LIFECYCLE, DocumentAction, DocumentStatus, TransitionError
from organisation.services import system_user
from qms.history import save_recorded as _save
from qms.uploads import check_upload

# Other apps plug into the lifecycle here from their AppConfig.ready() (approvals: routes,
# signatures, read-acknowledgements). A hook is called with keyword arguments inside the
# service's transaction, the version row locked; raising TransitionError, ValidationError
# or PermissionDenied refuses the whole action. Events: draft_opened, submit (before),
# draft_edited (search re-extracts its text), submitted, approve (before), reject (before),
# withdraw (before), withdrawn, effective (superseded=[versions it replaced]; transfer's
# import also passes imported=True, so a hook takes **kwargs),
# downloaded (the original file went out: renditions writes its access log).
LIFECYCLE_HOOKS: dict[str, list] = defaultdict(list)


def lifecycle_hook_register(event: str, hook) -> None:
    if hook not in LIFECYCLE_HOOKS[event]:
        LIFECYCLE_HOOKS[event].append(hook)


def _run_hooks(event: str, **kwargs) -> None:
    for hook in LIFECYCLE_HOOKS[event]:
        hook(**kwargs)


def _attach_file(version, uploaded):
    checked = check_upload(uploaded)
    version.file.save(checked.original_filename, uploaded, save=False)
    version.original_filename = checked.original_filename
    version.content_type = checked.content_type
    version.size = checked.size
    version.checksum = checked.checksum


@transaction.atomic
def document_register(
    *,
    actor,
    doc_type,
    department,
    title,
    owner=None,
    confidentiality=Document.Confidentiality.INTERNAL,
    review_period_months=None,
    distribution=(),
    issuer="",
    source_reference="",
    date_received=None,
    retention_years=None,
    file=None,
    body="",
) -> Document:
    """Register a document: assign its number and open revision 01 as a draft."""
    if not actor.has_perm("documents.register_document"):
        raise PermissionDenied(_("Only QMS officers register documents."))
    if not title.strip():
        raise ValidationError({"title": pgettext("document", "A title is required.")})
    if doc_type.is_external and not (issuer.strip() and source_reference.strip()):
        raise ValidationError({"issuer": _("An external document needs its issuer and source reference.")})
    today = timezone.localdate()
    document = Document(
        number=number_next(doc_type=doc_type, department=department, year=today.year),
        title=title.strip(),
        doc_type=doc_type,
        department=department,
        owner=owner or actor,
        confidentiality=confidentiality,
        review_period_months=review_period_months,
        issuer=issuer,
        source_reference=source_reference,
        date_received=date_received,
        retention_years=retention_years,
        created_by=actor,
    )
    _save(document, actor=actor, reason="register")
    if distribution:
        document.distribution.set(distribution)
    _version_open(
        document=document, actor=actor, author=owner or actor, file=file, body=body, change_summary=""
    )
    return document


def _version_open(*, document, actor, author, file, body, change_summary) -> DocumentVersion:
    last = document.versions.order_by("-revision").values_list("revision", flat=True).first() or 0
    version = DocumentVersion(
        document=document, revision=last + 1, author=author, body=body, change_summary=change_summary.strip()
    )
    version.full_clean(exclude=["file", "document", "author"])
    if file is not None:
        # Checked before anything is stored, so a refused file leaves nothing behind.
        _attach_file(version, file)
    _save(version, actor=actor, reason="draft")
    _run_hooks("draft_opened", version=version, actor=actor)
    return version


@transaction.atomic
def version_create_draft(
    *, actor, document, file=None, body="", change_summary="", author=None
) -> DocumentVersion:
    """Open the next revision of a document as a draft (one open revision at a time).
    ``author``: whom the draft is opened for (an officer accepting a change request
    opens it for the document owner); the actor by default."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not (actor.has_perm("documents.add_documentversion") or actor.pk == document.owner_id):
        raise PermissionDenied(_("You may not draft revisions of this document."))
    if document.versions.filter(
        status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED]
    ).exists():
        raise TransitionError(_("This document already has a revision in progress."))
    if (
        document.versions.filter(status=DocumentStatus.OBSOLETE).exists()
        and not document.versions.filter(status=DocumentStatus.EFFECTIVE).exists()
    ):
        raise TransitionError(_("This document has been withdrawn."))
    if file is None and not body.strip():
        raise ValidationError({"file": _("Upload a file or write the text of the revision.")})
    return _version_open(
        document=document,
        actor=actor,
        author=author or actor,
        file=file,
        body=body,
        change_summary=change_summary,
    )


@transaction.atomic
def version_update_draft(*, actor, version, file=None, body=None, change_summary=None) -> DocumentVersion:
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DocumentStatus.DRAFT:
        raise TransitionError(_("Only a draft can be edited."))
    if not (actor.pk == version.author_id or actor.has_perm("documents.change_documentversion")):
        raise PermissionDenied(_("Only the author or a QMS officer edits a draft."))
    if body is not None:
        version.body = body
    if change_summary is not None:
        version.change_summary = change_summary.strip()
    version.full_clean(exclude=["file", "document", "author"])
    if file is not None:
        _attach_file(version, file)
    _save(version, actor=actor, reason="edit draft")
    _run_hooks("draft_edited", version=version, actor=actor)
    return version


def _lock_for_system(*, actor, version, action):
    """Lock the version row and check a system-fired transition (no user right involved:
    the caller, e.g. the approval route, has decided; lifecycle hooks may still refuse)."""
    locked = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    rule = LIFECYCLE.transition_for(locked, action)
    if action in AUTHOR_EXCLUDED and actor.pk == locked.author_id:
        raise TransitionError(_("The author cannot approve their own version."))
    return locked, rule


def _lock_and_check(*, actor, version, action):
    """Lock the version row, check the transition and the actor's right; return both."""
    locked = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    try:
        rule = LIFECYCLE.transition_for(locked, action, actor)
    except PermissionDenied:
        raise PermissionDenied(_("You may not do this.")) from None
    return locked, rule


@transaction.atomic
def version_submit(*, actor, version) -> DocumentVersion:
    version, rule = _lock_and_check(actor=actor, version=version, action=DocumentAction.SUBMIT)
    if not version.file and not version.body.strip():
        raise TransitionError(_("Attach a file or write the text before submitting."))
    _run_hooks("submit", version=version, actor=actor)
    version.status = rule.target
    version.submitted_at = timezone.now()
    version.review_comment = ""
    _save(
        version,
        actor=actor,
        reason=DocumentAction.SUBMIT,
        update_fields=["status", "submitted_at", "review_comment"],
    )
    _run_hooks("submitted", version=version, actor=actor)
    return version


@transaction.atomic
def version_approve(*, actor, version, comment="") -> DocumentVersion:
    """System-fired: the approval route calls this when its last stage completes, with
    the signer who completed it as actor. The "approve" hook refuses it otherwise."""
    version, rule = _lock_for_system(actor=actor, version=version, action=DocumentAction.APPROVE)
    _run_hooks("approve", version=version, actor=actor)
    version.status = rule.target
    version.approved_by = actor
    version.approved_at = timezone.now()
    version.review_comment = comment
    _save(
        version,
        actor=actor,
        reason=DocumentAction.APPROVE,
        update_fields=["status", "approved_by", "approved_at", "review_comment"],
    )
    _run_hooks("approved", version=version, actor=actor)
    return version


@transaction.atomic
def version_reject(*, actor, version, comment) -> DocumentVersion:
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what must change before returning the version.")})
    version, rule = _lock_for_system(actor=actor, version=version, action=DocumentAction.REJECT)
    _run_hooks("reject", version=version, actor=actor)
    version.status = rule.target
    version.review_comment = comment.strip()
    _save(version, actor=actor, reason=DocumentAction.REJECT, update_fields=["status", "review_comment"])
    return version


@transaction.atomic
def version_publish(*, actor, version, effective_date: datetime.date | None = None) -> DocumentVersion:
    """Publish an approved version: effective now, or approved-pending until its date."""
    version, _rule = _lock_and_check(actor=actor, version=version, action=DocumentAction.PUBLISH)
    today = timezone.localdate()
    effective_date = effective_date or today
    if effective_date < today:
        raise ValidationError({"effective_date": _("The effective date cannot be in the past.")})
    if effective_date > today:
        version.effective_date = effective_date
        _save(version, actor=actor, reason="schedule", update_fields=["effective_date"])
        return version
    return _make_effective(version=version, actor=actor, effective_date=effective_date)


@transaction.atomic
def version_publish_on_effective_date(*, version, effective_date: datetime.date | None = None):
    """System step right after approval: effective now when the date has come (or is
    empty or past), otherwise approved-pending until version_make_due_effective runs."""
    actor = system_user()
    version, _rule = _lock_for_system(actor=actor, version=version, action=DocumentAction.MAKE_EFFECTIVE)
    today = timezone.localdate()
    if effective_date is not None and effective_date > today:
        version.effective_date = effective_date
        _save(version, actor=actor, reason="schedule", update_fields=["effective_date"])
        return version
    return _make_effective(version=version, actor=actor, effective_date=today)


def _make_effective(*, version, actor, effective_date) -> DocumentVersion:
    """Caller holds the version's row lock. Supersedes the current effective version
    first (the partial unique index allows one effective version per document)."""
    previous = list(
        DocumentVersion.objects.select_for_update()
        .filter(document_id=version.document_id, status=DocumentStatus.EFFECTIVE)
        .order_by("pk")
    )
    for old in previous:
        LIFECYCLE.transition_for(old, DocumentAction.SUPERSEDE)
        old.status = DocumentStatus.SUPERSEDED
        _save(old, actor=actor, reason=DocumentAction.SUPERSEDE, update_fields=["status"])
    version.status = DocumentStatus.EFFECTIVE
    version.effective_date = effective_date
    version.next_review_date = effective_date + relativedelta(months=version.document.review_months)
    _save(
        version,
        actor=actor,
        reason=DocumentAction.PUBLISH,
        update_fields=["status", "effective_date", "next_review_date"],
    )
    _run_hooks("effective", version=version, actor=actor, superseded=previous)
    return version


def version_make_due_effective(*, today: datetime.date | None = None) -> list[int]:
    """Scheduled step: make effective every approved version whose effective date has come.

    Idempotent: a version already effective is skipped. One transaction per version,
    so one failure does not hold back the others. Returns the ids made effective.
    """
    today = today or timezone.localdate()
    actor = system_user()
    done = []
    due_ids = (
        DocumentVersion.objects.filter(status=DocumentStatus.APPROVED, effective_date__lte=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in list(due_ids):
        with transaction.atomic():
            version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=pk)
            if version.status != DocumentStatus.APPROVED or version.effective_date > today:
                continue
            _make_effective(version=version, actor=actor, effective_date=version.effective_date)
            done.append(pk)
    return done


@transaction.atomic
def version_withdraw(*, actor, version, reason) -> DocumentVersion:
    """Withdraw (make obsolete) an effective or approved-pending version, with a reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason for withdrawal is required.")})
    version, rule = _lock_and_check(actor=actor, version=version, action=DocumentAction.WITHDRAW)
    _run_hooks("withdraw", version=version, actor=actor)
    version.status = rule.target
    version.withdrawn_reason = reason.strip()
    _save(version, actor=actor, reason=DocumentAction.WITHDRAW, update_fields=["status", "withdrawn_reason"])
    _run_hooks("withdrawn", version=version, actor=actor)
    return version


@transaction.atomic
def version_attachment_add(*, actor, version, file) -> VersionAttachment:
    """Add a further file (an annex, a form) to a draft, checked by content like its main
    file. The author or a QMS officer, while the version is a draft."""
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DocumentStatus.DRAFT:
        raise TransitionError(_("Files are attached to a draft only."))
    if not (actor.pk == version.author_id or actor.has_perm("documents.change_documentversion")):
        raise PermissionDenied(_("Only the author or a QMS officer edits a draft."))
    checked = check_upload(file)
    attachment = VersionAttachment.for_checked(version=version, checked=checked, uploaded_by=actor)
    attachment.file.save(checked.original_filename, file, save=False)
    try:
        _save(attachment, actor=actor, reason="attach")
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)  # no file without its row
        raise
    return attachment


TRANSITION_SERVICES = {
    DocumentAction.SUBMIT: version_submit,
    DocumentAction.APPROVE: version_approve,
    DocumentAction.REJECT: version_reject,
    DocumentAction.PUBLISH: version_publish,
    DocumentAction.WITHDRAW: version_withdraw,
}


def version_download_record(*, actor, version, ip_address=None, via_api=False) -> None:
    """The original file of ``version`` is being sent to ``actor``: tell the apps that log reads."""
    _run_hooks("downloaded", version=version, actor=actor, ip_address=ip_address, via_api=via_api)
