"""Writes: applying a stored plan, one transaction per row (all or nothing per row),
idempotent by number + revision + SHA-256 so an interrupted import can run again.

An imported version never gets a signature or an approver: it was approved outside the
system. Its history row says "imported from <file>" and names the officer; the
``ImportedVersion`` row keeps which batch and file it came from.
"""

import contextlib
import datetime
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentType, DocumentVersion
from documents.numbering import series_key
from organisation.models import Department
from qms.history import save_recorded
from qms.sequences import sequence_reserve
from transfer.checks import check_import_file
from transfer.models import ImportBatch, ImportedVersion
from transfer.planning import ADD, CREATE, ERROR, SKIP, build_plan, next_review, number_pattern_regex
from transfer.sources import Source, SourceError

IMPORTED, SKIPPED, FAILED = "imported", "skipped", "failed"


def _require_officer(actor):
    if not actor.has_perm("documents.register_document"):
        raise PermissionDenied(_("Only QMS officers import documents."))


def batch_plan(*, actor, source, master_list=None) -> ImportBatch:
    """The dry run, stored: the import later applies exactly these rows."""
    _require_officer(actor)
    plan = build_plan(source, master_list=master_list)
    batch = ImportBatch(source=str(source), master_list=str(master_list or ""), plan=plan, created_by=actor)
    save_recorded(batch, actor=actor, reason="dry run")
    return batch


def batch_run(batch: ImportBatch, *, actor, chunk: int = 50, progress=None) -> ImportBatch:
    """Apply the batch's plan from where it stopped. Each row in its own transaction."""
    _require_officer(actor)
    batch.status = ImportBatch.Status.RUNNING
    save_recorded(batch, actor=actor, reason="import started", update_fields=["status"])
    try:
        with Source(batch.source) as source:
            while batch.position < len(batch.plan):
                stop = min(batch.position + chunk, len(batch.plan))
                for index in range(batch.position, stop):
                    outcome, message = row_apply(batch.plan[index], source=source, actor=actor, batch=batch)
                    batch.results[str(index)] = {"outcome": outcome, "message": message}
                batch.position = stop
                batch.save(update_fields=["results", "position"])
                if progress:
                    progress(batch)
    except SourceError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.results["source"] = {"outcome": FAILED, "message": str(exc)}
        save_recorded(batch, actor=actor, reason="import failed", update_fields=["status", "results"])
        return batch
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    save_recorded(batch, actor=actor, reason="import done", update_fields=["status", "finished_at"])
    return batch


def batch_summary(batch) -> dict:
    counts = {IMPORTED: 0, SKIPPED: 0, FAILED: 0}
    for key, result in batch.results.items():
        if key.isdigit():
            counts[result["outcome"]] += 1
    return counts


def row_apply(row, *, source, actor, batch=None) -> tuple[str, str]:
    """(outcome, message). Never raises for a bad row: the row's transaction rolls back."""
    if row["action"] == ERROR:
        return SKIPPED, row["message"]
    if row["action"] == SKIP:
        return SKIPPED, row["message"]
    stored = []
    try:
        with transaction.atomic():
            return _row_apply(row, source=source, actor=actor, batch=batch, stored=stored)
    except (ValidationError, SourceError, Document.DoesNotExist) as exc:
        for field_file in stored:  # the row rolled back: its file goes too
            field_file.storage.delete(field_file.name)
        return FAILED, " ".join(getattr(exc, "messages", [str(exc)]))
    except Exception:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _row_apply(row, *, source, actor, batch, stored) -> tuple[str, str]:
    assert row["action"] in (CREATE, ADD)
    doc_type = DocumentType.objects.get(code__iexact=row["type"])
    department = Department.objects.get(code__iexact=row["department"])
    owner = get_user_model().objects.filter(username=row["owner"]).first() if row["owner"] else None
    owner = owner or actor
    document = Document.objects.select_for_update().filter(number=row["number"]).first()
    if document is None:
        document = Document(
            number=row["number"],
            title=row["title"],
            doc_type=doc_type,
            department=department,
            owner=owner,
            review_period_months=row["review_period"],
            issuer=row["issuer"],
            source_reference=row["reference"],
            created_by=actor,
        )
        save_recorded(document, actor=actor, reason=f"imported from {row['file']}"[:100])
        _reserve(document)
    elif document.doc_type_id != doc_type.pk or document.department_id != department.pk:
        raise ValidationError(
            _("number clash: %(number)s belongs to another type or department") % {"number": row["number"]}
        )
    existing = document.versions.filter(revision=row["revision"]).first()
    if existing is not None:
        if existing.checksum == row["checksum"]:
            return SKIPPED, _("already imported: same revision, same SHA-256")
        raise ValidationError(_("revision %(rev)02d exists with other content") % {"rev": row["revision"]})
    entry = source.find(row["file"])
    if entry is None or entry.error:
        raise ValidationError(_("missing file: %(name)s") % {"name": row["file"]})
    status = row["status"] or "effective"
    current = document.versions.select_for_update().filter(status="effective").first()
    if status == "effective" and current is not None:
        if current.revision > row["revision"]:
            status = "superseded"
        else:
            current.status = "superseded"
            save_recorded(
                current, actor=actor, reason=f"superseded by imported revision {row['revision']:02d}"
            )
    effective_date = datetime.date.fromisoformat(row["effective_date"]) if row["effective_date"] else None
    version = DocumentVersion(
        document=document,
        revision=row["revision"],
        change_summary=row["change_summary"] or (_("Imported revision") if row["revision"] > 1 else ""),
        author=owner,
        status=status,
        effective_date=effective_date,
        next_review_date=next_review(row, doc_type) if status == "effective" else None,
    )
    with source.open(entry) as spool:
        checked = check_import_file(spool, entry.basename).checked
        if checked.checksum != row["checksum"]:
            raise ValidationError(_("the file changed since the dry run; run the dry run again"))
        version.file.save(entry.basename, File(spool, name=entry.basename), save=False)
        stored.append(version.file)
    version.original_filename = checked.original_filename
    version.content_type = checked.content_type
    version.size = checked.size
    version.checksum = checked.checksum
    save_recorded(version, actor=actor, reason=f"imported from {row['file']}"[:100])
    suffix = PurePosixPath(entry.name).suffix.lower()
    marker = ImportedVersion(
        version=version,
        batch=batch,
        source_path=row["file"][:1000],
        imported_by=actor,
        conversion=ImportedVersion.Conversion.PENDING
        if row.get("legacy")
        else ImportedVersion.Conversion.NOT_NEEDED,
    )
    save_recorded(marker, actor=actor, reason="imported")
    if row.get("legacy") and suffix:
        transaction.on_commit(lambda: _queue_conversion(marker.pk))
    return IMPORTED, _("imported as %(status)s") % {"status": status}


def _reserve(document):
    """Keep the imported number out of its series' future numbers."""
    match = number_pattern_regex(document.doc_type, document.department).match(document.number)
    if not match:
        return
    year = int(match.groupdict().get("year") or timezone.localdate().year)
    key = series_key(
        document.doc_type.numbering_pattern,
        type_code=document.doc_type.code,
        department_code=document.department.code,
        year=year,
    )
    sequence_reserve(key, int(match["seq"]))


def _queue_conversion(marker_id):
    from transfer.tasks import convert_legacy

    # broker down: the rendition stays pending, listed on the batch page
    with contextlib.suppress(Exception):
        convert_legacy.delay(marker_id)
