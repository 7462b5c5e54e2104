"""Writes: building and caching renditions, stamping them per reader, the access log,
and issuing and retrieving controlled copies.

Views, API and tasks fetch versions through ``documents.selectors`` first (404 alike
for missing and forbidden); the services here assume the caller may see the version.
"""

import datetime
import hashlib
import logging
import zipfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf.errors import PyPdfError

from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from qms.uploads import StoredFileProblem, stored_file_check, stored_files_verify
from renditions import builders, rendering
from renditions.models import AccessEvent, ControlledCopy, IntegrityAlert, Rendition, RenditionKind
from renditions.permissions import may_issue_copies, may_retrieve_copies

logger = logging.getLogger(__name__)

IN_FLIGHT = (Rendition.State.PENDING, Rendition.State.BUILDING)
FAILURE_MESSAGES = {
    Rendition.Failure.DAMAGED: gettext_lazy(
        "The file could not be turned into a PDF: it may be damaged. The original is unchanged."
    ),
    Rendition.Failure.TOO_LARGE: gettext_lazy(
        "The document is too large to render as a PDF. Download the original file."
    ),
    Rendition.Failure.STUCK: gettext_lazy(
        "Preparing the PDF did not finish in time and was stopped. Try again; if it fails again, "
        "download the original file."
    ),
    Rendition.Failure.SOURCE_CHANGED: gettext_lazy(
        "The stored file of this version no longer matches the file that was approved (SHA-256 "
        "check failed), so no PDF is made from it. The QMS officers have been told."
    ),
}
ALERT_SUBJECTS = {
    IntegrityAlert.Problem.CHANGED: gettext_lazy("Stored file changed: %(record)s"),
    IntegrityAlert.Problem.MISSING: gettext_lazy("Stored file missing: %(record)s"),
}
ALERT_MESSAGES = {
    IntegrityAlert.Problem.CHANGED: gettext_lazy(
        "The stored file %(file)s of %(record)s no longer matches the SHA-256 recorded when it was "
        "stored (recorded %(expected)s, found %(found)s). It is not served or turned into a PDF "
        "until the original is restored. Restore it from the backup, then run manage.py verify_files."
    ),
    IntegrityAlert.Problem.MISSING: gettext_lazy(
        "The stored file %(file)s of %(record)s is missing from the file storage. It cannot be "
        "served or turned into a PDF until it is restored. Restore it from the backup, then run "
        "manage.py verify_files."
    ),
}


class RenditionNotReady(TransitionError):
    """The PDF is still being prepared (or failed); the API answers 409."""


class CopyNotAllowed(TransitionError):
    """Issuing, printing or retrieving a controlled copy in a state that does not allow it."""


def _language(language: str | None) -> str:
    return language or translation.get_language() or settings.LANGUAGE_CODE


def _stuck_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "QMS_RENDITION_STUCK_AFTER_SECONDS", 360))


# --- Integrity alerts ---------------------------------------------------------------------


def _officers():
    return get_user_model().objects.with_perm(
        "documents.register_document", is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )


def integrity_alert_raise(*, problem: StoredFileProblem, url: str = "") -> IntegrityAlert:
    """Record a stored file found missing or changed and tell the QMS officers, once per
    file and finding: asking again (another request, the next sweep) notifies nobody."""
    from notifications.services import notify_many

    with transaction.atomic():
        alert, created = IntegrityAlert.objects.get_or_create(
            file_name=problem.file_name[:255],
            problem=problem.problem,
            found_checksum=problem.found,
            resolved_at=None,
            defaults={
                "kind": problem.kind[:60],
                "object_label": problem.record[:300],
                "expected_checksum": problem.expected,
            },
        )
        if created:
            logger.error(
                "Stored file %s %s (%s #%s): recorded %s, found %s",
                problem.file_name,
                problem.problem,
                problem.kind,
                problem.pk,
                problem.expected or "-",
                problem.found or "-",
            )
            notify_many(
                recipients=_officers(),
                kind=f"stored_file_{problem.problem}",
                subject=ALERT_SUBJECTS[problem.problem],
                message=ALERT_MESSAGES[problem.problem],
                url=url,
                context={
                    "record": problem.record,
                    "file": problem.file_name,
                    "expected": problem.expected or "-",
                    "found": problem.found or "-",
                },
            )
    return alert


def integrity_alerts_resolve(*, file_names, keep=()) -> int:
    """Close open alerts on ``file_names`` (the file checked out again, or was replaced),
    except the findings in ``keep`` ((file name, problem, found) triples)."""
    resolved = 0
    for alert in IntegrityAlert.objects.filter(file_name__in=list(file_names), resolved_at=None):
        if (alert.file_name, alert.problem, alert.found_checksum) not in keep:
            resolved += IntegrityAlert.objects.filter(pk=alert.pk).update(resolved_at=timezone.now())
    return resolved


def _version_url(version_id) -> str:
    return reverse("documents:version_detail", args=[version_id])


def _source_problem(version: DocumentVersion) -> StoredFileProblem | None:
    """None when the version has no file or its file matches the recorded SHA-256."""
    if not version.file:
        return None
    found = stored_file_check(version.file, version.checksum or "-")
    return None if found is None else _source_file_problem(version, *found)


def _source_file_problem(version: DocumentVersion, problem: str, found: str) -> StoredFileProblem:
    return StoredFileProblem(
        kind="documents.DocumentVersion.file",
        pk=version.pk,
        record=str(version),
        file_name=version.file.name,
        problem=problem,
        expected=version.checksum,
        found=found,
    )


# --- Building and caching -----------------------------------------------------------------


def _fail(rendition: Rendition, failure: str) -> None:
    with translation.override(rendition.language):
        message = str(FAILURE_MESSAGES[failure])
    Rendition.objects.filter(pk=rendition.pk).update(
        state=Rendition.State.FAILED, failure=failure, error=message
    )


def rendition_fail(*, rendition_id: int, failure: str) -> None:
    """Mark a build failed with the message for ``failure`` (a Rendition.Failure), in the
    rendition's language. The worker calls this when its limits stop a build."""
    rendition = Rendition.objects.filter(pk=rendition_id).first()
    if rendition is not None:
        _fail(rendition, failure)


def _refuse_changed_source(rendition: Rendition, problem: StoredFileProblem) -> None:
    _fail(rendition, Rendition.Failure.SOURCE_CHANGED)
    integrity_alert_raise(problem=problem, url=_version_url(rendition.version_id))


def renditions_expire_stuck(*, renditions=None) -> int:
    """Mark failed every build still waiting or building after
    ``QMS_RENDITION_STUCK_AFTER_SECONDS`` (longer than the worker's hard time limit: such
    a build was lost, e.g. its process was killed). The reader then sees the failure and
    a "Try again" button instead of a progress bar that never moves. Returns the count."""
    cutoff = timezone.now() - _stuck_after()
    stuck = (Rendition.objects.all() if renditions is None else renditions).filter(
        Q(state=Rendition.State.PENDING, requested_at__lt=cutoff)
        | Q(state=Rendition.State.BUILDING, started_at__lt=cutoff)
        | Q(state=Rendition.State.BUILDING, started_at=None, requested_at__lt=cutoff)
    )
    count = 0
    for language in {code for code, _name in settings.LANGUAGES} | set(
        stuck.values_list("language", flat=True).distinct()
    ):
        with translation.override(language):
            message = str(FAILURE_MESSAGES[Rendition.Failure.STUCK])
        count += stuck.filter(language=language).update(
            state=Rendition.State.FAILED, failure=Rendition.Failure.STUCK, error=message
        )
    if count:
        logger.warning("%s PDF builds did not finish in time and were marked failed", count)
    return count


def rendition_expire_if_stuck(*, rendition: Rendition) -> Rendition:
    """``renditions_expire_stuck`` for one rendition, as it is looked at; refreshed."""
    if rendition.state in IN_FLIGHT and renditions_expire_stuck(
        renditions=Rendition.objects.filter(pk=rendition.pk)
    ):
        rendition.refresh_from_db()
    return rendition


def _verified_pdf(rendition: Rendition) -> bytes | None:
    """The cached PDF's bytes if they match the checksum recorded when it was built; else
    None (missing, swapped, or built before checksums were kept) and, for a recorded
    checksum, the officers are told once."""
    try:
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        data, found, problem = None, "", IntegrityAlert.Problem.MISSING
    else:
        found = hashlib.sha256(data).hexdigest()
        if rendition.checksum and found == rendition.checksum:
            return data
        problem = IntegrityAlert.Problem.CHANGED
    if rendition.checksum:
        integrity_alert_raise(
            problem=StoredFileProblem(
                kind="renditions.Rendition.file",
                pk=rendition.pk,
                record=f"{rendition.version} PDF ({rendition.language})",
                file_name=rendition.file.name,
                problem=problem,
                expected=rendition.checksum,
                found=found,
            ),
            url=_version_url(rendition.version_id),
        )
    return None


def rendition_prepare(
    *, version: DocumentVersion, language: str | None = None, inline: bool | None = None
) -> Rendition:
    """The version's controlled PDF in ``language``: the cached one when still fresh and
    intact (its SHA-256 checked), else built now (small sources, or ``inline=True``) or in
    a Celery task (sources that expand to more than the inline limits).

    Returns the Rendition; ``is_ready`` tells which case happened. A failed build stays
    failed (its message shown) until ``rendition_retry``, except one refused because the
    stored source had changed: that is checked again each time, so restoring the file is
    enough. Never holds a row lock while rendering.
    """
    language = _language(language)
    with translation.override(language):
        fingerprint = builders.plan_for(version).fingerprint(language)
    rendition, _created = Rendition.objects.get_or_create(
        version=version, kind=RenditionKind.CONTROLLED, language=language
    )
    rendition = rendition_expire_if_stuck(rendition=rendition)
    if rendition.fingerprint == fingerprint:
        if rendition.is_ready:
            data = _verified_pdf(rendition)
            if data is not None:
                rendition._verified_pdf = data  # noqa: SLF001 - read once, served by rendition_for_reader
                return rendition
            logger.warning("Rendition %s failed its checksum; rebuilding it", rendition.pk)
        elif rendition.state in IN_FLIGHT or (
            rendition.state == Rendition.State.FAILED
            and rendition.failure != Rendition.Failure.SOURCE_CHANGED
        ):
            return rendition  # waiting, or failed: the reader sees why and may try again
    problem = _source_problem(version)
    if problem is not None:
        _refuse_changed_source(rendition, problem)
        rendition.refresh_from_db()
        return rendition
    large = builders.is_large(version) if inline is None else not inline
    with transaction.atomic():
        claimed = Rendition.objects.filter(pk=rendition.pk).update(
            state=Rendition.State.PENDING,
            progress=0,
            fingerprint=fingerprint,
            error="",
            failure="",
            requested_at=timezone.now(),
            started_at=None,
        )
        if claimed and large:
            from renditions.tasks import rendition_build_task

            transaction.on_commit(lambda: rendition_build_task.delay(rendition.pk))
    if not large:
        rendition_build(rendition_id=rendition.pk)
    rendition.refresh_from_db()
    return rendition


def rendition_retry(*, rendition: Rendition) -> Rendition:
    """The reader's "Try again" on a failed build: prepared afresh (in the request or in a
    worker, by the same rule as the first time). Anything but a failed build is returned as is."""
    rendition = rendition_expire_if_stuck(rendition=rendition)
    if rendition.state != Rendition.State.FAILED:
        return rendition
    Rendition.objects.filter(pk=rendition.pk, state=Rendition.State.FAILED).update(fingerprint="")
    return rendition_prepare(version=rendition.version, language=rendition.language)


def _set_progress(rendition_id: int, percent: int) -> None:
    Rendition.objects.filter(pk=rendition_id).update(progress=max(0, min(100, percent)))


def rendition_build(*, rendition_id: int) -> Rendition | None:
    """Build (or rebuild) one rendition. A deleted rendition or version is a no-op.
    Failures are recorded on the rendition (state "failed", a message for the user);
    a source that no longer matches its checksum is refused and the officers told."""
    rendition = Rendition.objects.select_related("version__document").filter(pk=rendition_id).first()
    if rendition is None:
        return None
    Rendition.objects.filter(pk=rendition_id).update(
        state=Rendition.State.BUILDING, progress=1, started_at=timezone.now()
    )
    try:
        with translation.override(rendition.language):
            plan = builders.plan_for(rendition.version)
            fingerprint = plan.fingerprint(rendition.language)
            pdf = builders.build_pdf(plan, progress=lambda percent: _set_progress(rendition_id, percent))
    except builders.SourceChanged as error:
        problem = IntegrityAlert.Problem.CHANGED if error.found else IntegrityAlert.Problem.MISSING
        _refuse_changed_source(rendition, _source_file_problem(rendition.version, problem, error.found))
        rendition.refresh_from_db()
        return rendition
    except (PyPdfError, ValueError, KeyError, OSError, zipfile.BadZipFile) as error:
        logger.warning("Rendition %s of version %s failed: %s", rendition_id, rendition.version_id, error)
        _fail(rendition, Rendition.Failure.DAMAGED)
        rendition.refresh_from_db()
        return rendition
    _rendition_store(rendition, pdf, fingerprint=fingerprint)
    return rendition


def _rendition_store(rendition, pdf: bytes, *, fingerprint: str) -> None:
    """Keep the built PDF with its checksum as the ready rendition; the previous cached
    file is deleted and the alerts it and the (proved intact) source had are over."""
    old_name = rendition.file.name if rendition.file else ""
    name = f"{rendition.version_id}-{rendition.language}-{fingerprint[:12]}.pdf"
    rendition.file.save(f"renditions/{rendition.version.document_id}/{name}", ContentFile(pdf), save=False)
    rendition.state = Rendition.State.READY
    rendition.progress = 100
    rendition.fingerprint = fingerprint
    rendition.checksum = hashlib.sha256(pdf).hexdigest()
    rendition.page_count = builders.page_count(pdf)
    rendition.size = len(pdf)
    rendition.built_at = timezone.now()
    rendition.error = ""
    rendition.failure = ""
    rendition.save(
        update_fields=[
            "file",
            "state",
            "progress",
            "fingerprint",
            "checksum",
            "page_count",
            "size",
            "built_at",
            "error",
            "failure",
        ]
    )
    if old_name and old_name != rendition.file.name:
        rendition.file.storage.delete(old_name)
    integrity_alerts_resolve(
        file_names=[old_name, rendition.version.file.name if rendition.version.file else ""]
    )


def stored_files_sweep() -> dict[str, int]:
    """The periodic integrity check: every registered stored file (``manage.py
    verify_files`` reads the same list), each new finding alerted to the officers once;
    alerts on files that check out again are closed; lost builds are marked failed."""
    counter = [0]
    problems = list(stored_files_verify(counter=counter))
    for problem in problems:
        url = ""
        if problem.kind == "documents.DocumentVersion.file":
            url = _version_url(problem.pk)
        elif problem.kind == "renditions.Rendition.file":
            version_id = Rendition.objects.filter(pk=problem.pk).values_list("version_id", flat=True).first()
            url = _version_url(version_id) if version_id else ""
        integrity_alert_raise(problem=problem, url=url)
    open_files = IntegrityAlert.objects.filter(resolved_at=None).values_list("file_name", flat=True)
    keep = {(p.file_name, p.problem, p.found) for p in problems}
    resolved = integrity_alerts_resolve(file_names=set(open_files), keep=keep)
    stuck = renditions_expire_stuck()
    return {"checked": counter[0], "problems": len(problems), "resolved": resolved, "stuck": stuck}


def _reader_detail(user, when) -> str:
    return _("Printed by %(name)s on %(time)s") % {
        "name": user.get_full_name() or user.get_username(),
        "time": rendering.format_date(when),
    }


def _read_rendition(rendition: Rendition) -> bytes:
    """The cached PDF, only as it was built: checked against its recorded SHA-256 (by
    ``rendition_prepare`` just before, or here); on a mismatch it is never served but
    marked for rebuilding."""
    if not rendition.is_ready:
        raise RenditionNotReady(rendition.error or _("The PDF is still being prepared."))
    data = getattr(rendition, "_verified_pdf", None)
    if data is None:
        data = _verified_pdf(rendition)
    if data is None:
        Rendition.objects.filter(pk=rendition.pk).update(fingerprint="")
        raise RenditionNotReady(
            _("The stored PDF failed its integrity check and will be prepared again. Try again in a moment.")
        )
    return data


def rendition_read_verified(*, rendition: Rendition) -> bytes:
    """The cached PDF as built (no reader stamp), after its SHA-256 check; raises
    RenditionNotReady when it is not ready or fails the check (then rebuilt)."""
    return _read_rendition(rendition)


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
    Only while the copy is out and its version effective; built in the request only if small."""
    if not may_issue_copies(actor):
        raise PermissionDenied(_("Only QMS officers print controlled copies."))
    version = copy.version
    if not copy.is_out:
        raise CopyNotAllowed(_("This copy has been retrieved; issue a new copy instead."))
    if version.status != DocumentStatus.EFFECTIVE:
        raise CopyNotAllowed(_("Only the effective version can be printed as a controlled copy."))
    rendition = rendition_prepare(version=version)  # a large one: 409 / message until the worker is done
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
    if version.status != DocumentStatus.EFFECTIVE:
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
