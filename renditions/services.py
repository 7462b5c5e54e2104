"""Writes: building and caching renditions, stamping them per reader, the access log,
and issuing and retrieving controlled copies.

Views, API and tasks fetch versions through ``documents.selectors`` first (404 alike
for missing and forbidden); the services here assume the caller may see the version.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf.errors import PyPdfError

from documents.models import DocumentVersion
from documents.workflow import Status, TransitionError
from renditions import builders, rendering
from renditions.models import AccessEvent, ControlledCopy, Rendition, RenditionKind
from renditions.permissions import may_issue_copies, may_retrieve_copies

logger = logging.getLogger(__name__)

# A build still "pending" or "building" after this long is taken as lost and redone.
STALE_BUILD_AFTER = datetime.timedelta(minutes=15)


class RenditionNotReady(TransitionError):
    """The PDF is still being prepared (or failed); the API answers 409."""


class CopyNotAllowed(TransitionError):
    """Issuing, printing or retrieving a controlled copy in a state that does not allow it."""


def _language(language: str | None) -> str:
    return language or translation.get_language() or settings.LANGUAGE_CODE


def rendition_prepare(
    *, version: DocumentVersion, language: str | None = None, inline: bool | None = None
) -> Rendition:
    """The version's controlled PDF in ``language``: the cached one when still fresh,
    else built now (small sources, or ``inline=True``) or in a Celery task (large ones).

    Returns the Rendition; ``is_ready`` tells which case happened. Never holds a row
    lock while rendering.
    """
    language = _language(language)
    with translation.override(language):
        fingerprint = builders.plan_for(version).fingerprint(language)
    rendition, _created = Rendition.objects.get_or_create(
        version=version, kind=RenditionKind.CONTROLLED, language=language
    )
    if rendition.fingerprint == fingerprint:
        if rendition.is_ready:
            return rendition
        in_flight = rendition.state in (Rendition.State.PENDING, Rendition.State.BUILDING)
        if in_flight and timezone.now() - rendition.requested_at < STALE_BUILD_AFTER:
            return rendition
    large = builders.is_large(version) if inline is None else not inline
    with transaction.atomic():
        claimed = Rendition.objects.filter(pk=rendition.pk).update(
            state=Rendition.State.PENDING,
            progress=0,
            fingerprint=fingerprint,
            error="",
            requested_at=timezone.now(),
        )
        if claimed and large:
            from renditions.tasks import rendition_build_task

            transaction.on_commit(lambda: rendition_build_task.delay(rendition.pk))
    if not large:
        rendition_build(rendition_id=rendition.pk)
    rendition.refresh_from_db()
    return rendition


def _set_progress(rendition_id: int, percent: int) -> None:
    Rendition.objects.filter(pk=rendition_id).update(progress=max(0, min(100, percent)))


def rendition_build(*, rendition_id: int) -> Rendition | None:
    """Build (or rebuild) one rendition. A deleted rendition or version is a no-op.
    Failures are recorded on the rendition (state "failed", a message for the user)."""
    rendition = Rendition.objects.select_related("version__document").filter(pk=rendition_id).first()
    if rendition is None:
        return None
    Rendition.objects.filter(pk=rendition_id).update(state=Rendition.State.BUILDING, progress=1)
    try:
        with translation.override(rendition.language):
            plan = builders.plan_for(rendition.version)
            fingerprint = plan.fingerprint(rendition.language)
            pdf = builders.build_pdf(plan, progress=lambda percent: _set_progress(rendition_id, percent))
    except (PyPdfError, ValueError, KeyError, OSError) as error:
        logger.warning("Rendition %s of version %s failed: %s", rendition_id, rendition.version_id, error)
        with translation.override(rendition.language):
            message = _(
                "The file could not be turned into a PDF: it may be damaged. The original is unchanged."
            )
        Rendition.objects.filter(pk=rendition_id).update(state=Rendition.State.FAILED, error=message)
        rendition.refresh_from_db()
        return rendition
    old_name = rendition.file.name if rendition.file else ""
    name = f"{rendition.version_id}-{rendition.language}-{fingerprint[:12]}.pdf"
    rendition.file.save(f"renditions/{rendition.version.document_id}/{name}", ContentFile(pdf), save=False)
    rendition.state = Rendition.State.READY
    rendition.progress = 100
    rendition.fingerprint = fingerprint
    rendition.page_count = builders.page_count(pdf)
    rendition.size = len(pdf)
    rendition.built_at = timezone.now()
    rendition.error = ""
    rendition.save(
        update_fields=["file", "state", "progress", "fingerprint", "page_count", "size", "built_at", "error"]
    )
    if old_name and old_name != rendition.file.name:
        rendition.file.storage.delete(old_name)
    return rendition


def _reader_detail(user, when) -> str:
    return _("Printed by %(name)s on %(time)s") % {
        "name": user.get_full_name() or user.get_username(),
        "time": rendering.format_date(when),
    }


def _read_rendition(rendition: Rendition) -> bytes:
    if not rendition.is_ready:
        raise RenditionNotReady(rendition.error or _("The PDF is still being prepared."))
    with rendition.file.open("rb") as handle:
        return handle.read()


def access_record(
    *, user, version: DocumentVersion, kind: str, copy=None, ip_address=None, via_api=False
) -> AccessEvent:
    """Write one access log row. The documents app calls this from its original-file
    download (kind ``AccessEvent.Kind.ORIGINAL``)."""
    return AccessEvent.objects.create(
        user=user,
        version=version,
        document_number=version.document.number,
        revision=version.revision_label,
        kind=kind,
        status_at_access=version.status,
        copy=copy,
        ip_address=ip_address,
        via_api=via_api,
    )


def rendition_for_reader(
    *, user, rendition: Rendition, kind: str = AccessEvent.Kind.VIEW, ip_address=None, via_api=False
) -> bytes:
    """The cached PDF stamped for this reader (status watermark, or UNCONTROLLED COPY
    WHEN PRINTED with their name and the time), and the access recorded."""
    version = rendition.version
    now = timezone.now()
    with translation.override(rendition.language):
        watermark = rendering.watermark_for_status(version.status) or rendering.uncontrolled_copy_watermark()
        detail = _reader_detail(user, now)
        pdf = rendering.stamp_watermark(_read_rendition(rendition), watermark, detail=detail)
    access_record(user=user, version=version, kind=kind, ip_address=ip_address, via_api=via_api)
    return pdf


def copy_pdf(*, actor, copy: ControlledCopy, ip_address=None, via_api=False) -> bytes:
    """The PDF of a registered controlled copy: CONTROLLED COPY No. N and its holder.
    Only while the copy is out and its version effective; built inline if needed."""
    if not may_issue_copies(actor):
        raise PermissionDenied(_("Only QMS officers print controlled copies."))
    version = copy.version
    if not copy.is_out:
        raise CopyNotAllowed(_("This copy has been retrieved; issue a new copy instead."))
    if version.status != Status.EFFECTIVE:
        raise CopyNotAllowed(_("Only the effective version can be printed as a controlled copy."))
    rendition = rendition_prepare(version=version, inline=True)
    with translation.override(rendition.language):
        detail = _("Holder: %(holder)s · issued %(date)s") % {
            "holder": copy.holder_display,
            "date": rendering.format_date(copy.issued_at),
        }
        pdf = rendering.stamp_watermark(
            _read_rendition(rendition), rendering.controlled_copy_watermark(copy.number), detail=detail
        )
    access_record(
        user=actor,
        version=version,
        kind=AccessEvent.Kind.CONTROLLED_COPY,
        copy=copy,
        ip_address=ip_address,
        via_api=via_api,
    )
    return pdf


@transaction.atomic
def copy_issue(
    *, actor, version: DocumentVersion, holder=None, holder_name="", location=""
) -> ControlledCopy:
    """Register the next numbered controlled copy of an effective version."""
    if not may_issue_copies(actor):
        raise PermissionDenied(_("Only QMS officers issue controlled copies."))
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != Status.EFFECTIVE:
        raise CopyNotAllowed(_("Controlled copies are issued of the effective version only."))
    holder_name, location = (holder_name or "").strip(), (location or "").strip()
    if holder is None and not holder_name and not location:
        raise ValidationError({"holder_name": _("Name the holder or the location of the copy.")})
    last = version.controlled_copies.order_by("-number").values_list("number", flat=True).first() or 0
    copy = ControlledCopy(
        version=version,
        number=last + 1,
        holder=holder,
        holder_name=holder_name[:200],
        location=location[:200],
        issued_by=actor,
    )
    copy._history_user = actor
    copy._change_reason = "issue"
    copy.save()
    return copy


@transaction.atomic
def copy_retrieve(*, actor, copy: ControlledCopy, note: str = "") -> ControlledCopy:
    """Record that a controlled copy came back (or was destroyed on site)."""
    if not may_retrieve_copies(actor):
        raise PermissionDenied(_("Only QMS officers record retrievals."))
    copy = ControlledCopy.objects.select_for_update().get(pk=copy.pk)
    if not copy.is_out:
        raise CopyNotAllowed(_("This copy was already retrieved."))
    copy.retrieved_at = timezone.now()
    copy.retrieved_by = actor
    copy.retrieval_note = (note or "").strip()
    copy._history_user = actor
    copy._change_reason = "retrieve"
    copy.save(update_fields=["retrieved_at", "retrieved_by", "retrieval_note"])
    return copy
