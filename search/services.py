"""Writes of the search app: asking for a version's text and extracting it."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DocumentVersion
from documents.readable import readable_pdf_for
from search.extract import ExtractionError, extract_body, extract_bytes
from search.models import VersionPage, VersionText
from search.permissions import may_manage_extraction
from search.text import fold

logger = logging.getLogger(__name__)


def version_text_request(*, version) -> VersionText:
    """Mark the version's text as waiting and queue its extraction once the caller's
    transaction commits (in-process when CELERY_TASK_ALWAYS_EAGER)."""
    from search.tasks import extract_version_text_task

    state, _created = VersionText.objects.update_or_create(
        version_id=version.pk, defaults={"status": VersionText.Status.PENDING, "error": ""}
    )
    transaction.on_commit(lambda: extract_version_text_task.delay(version.pk))
    return state


def version_text_retry(*, actor, version) -> VersionText:
    if not may_manage_extraction(actor):
        raise PermissionDenied(_("Only QMS officers restart a text extraction."))
    with transaction.atomic():
        return version_text_request(version=version)


def _read(version) -> bytes:
    with version.file.open("rb") as handle:
        return handle.read()


def version_text_extract(*, version_id: int) -> VersionText:
    """Extract the text of one version and store it per page; a failure is recorded on
    the version's VersionText (status failed, error) and the old pages are removed, so a
    stale text never answers for a new file. Idempotent."""
    version = DocumentVersion.objects.get(pk=version_id)
    error = ""
    extracted = None
    try:
        if version.file and (converted := readable_pdf_for(version)) is not None:
            extracted = extract_bytes(converted.read(), "converted.pdf")  # a legacy .doc's PDF
        elif version.file:
            extracted = extract_bytes(_read(version), version.original_filename or version.file.name)
        else:
            extracted = extract_body(version.body)
    except ExtractionError as failure:
        error = str(failure)
    except Exception as failure:  # noqa: BLE001 - any failure is recorded on the version, never lost
        logger.exception("Text extraction of version %s failed", version_id)
        error = f"{type(failure).__name__}: {failure}"
    with transaction.atomic():
        state, _created = VersionText.objects.select_for_update().get_or_create(version_id=version_id)
        VersionPage.objects.filter(version_id=version_id).delete()
        state.extracted_at = timezone.now()
        state.checksum = version.checksum
        if extracted is None:
            state.status, state.error, state.method, state.page_count = (
                VersionText.Status.FAILED,
                error,
                "",
                0,
            )
        else:
            pages = [
                VersionPage(version_id=version_id, number=number, text=text, folded=fold(text))
                for number, text in enumerate(extracted.pages, start=1)
            ]
            VersionPage.objects.bulk_create([page for page in pages if page.folded])
            has_text = any(page.folded for page in pages)
            state.status = VersionText.Status.DONE if has_text else VersionText.Status.EMPTY
            state.error, state.method, state.page_count = "", extracted.method, len(pages)
        state.save()
    return state
