"""Writes: applying a stored plan (the batch's ImportRows), a savepoint per row (all or nothing per row),
idempotent by number + revision + SHA-256 so an interrupted import can run again.

An imported version never gets a signature or an approver: it was approved outside the
system. Its history row says "imported from <file>" and names the officer; the
``ImportedVersion`` row keeps which batch and file it came from.
"""

import contextlib
import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.models import Document, DocumentType, DocumentVersion, VersionAttachment
from documents.numbering import series_key
from documents.services import LIFECYCLE_HOOKS
from organisation.models import Department
from qms.history import save_recorded
from qms.sequences import sequence_reserve
from transfer.checks import check_import_file
from transfer.conversion import texts_request
from transfer.masterlist import MasterListError
from transfer.models import ImportBatch, ImportedVersion, ImportRow
from transfer.planning import (
    ADD,
    CREATE,
    ERROR,
    SKIP,
    attachment_note,
    build_plan,
    content_key,
    next_review,
    number_pattern_regex,
)
from transfer.sources import Source, SourceError

IMPORTED, SKIPPED, FAILED = "imported", "skipped", "failed"
logger = logging.getLogger(__name__)


def _require_officer(actor):
    if not actor.has_perm("documents.register_document"):
        raise PermissionDenied(_("Only QMS officers import documents."))


def batch_plan(*, actor, source, master_list=None) -> ImportBatch:
    """The dry run, stored: the import later applies exactly these rows. Raises
    SourceError / MasterListError (and stores nothing) for a source that cannot be read."""
    _require_officer(actor)
    with transaction.atomic():
        batch = ImportBatch(source=str(source), master_list=str(master_list or ""), created_by=actor)
        save_recorded(batch, actor=actor, reason="dry run")
        batch.total = build_plan(source, batch=batch, master_list=master_list)
        ImportBatch.objects.filter(pk=batch.pk).update(total=batch.total)  # a count: no history row
    return batch


def batch_open(*, actor, source, master_list=None) -> ImportBatch:
    """A batch whose dry run is still to do (a large upload: ``batch_dry_run`` in a task)."""
    _require_officer(actor)
    batch = ImportBatch(
        source=str(source),
        master_list=str(master_list or ""),
        status=ImportBatch.Status.PLANNING,
        created_by=actor,
    )
    save_recorded(batch, actor=actor, reason="dry run queued")
    return batch


def batch_dry_run(batch: ImportBatch) -> ImportBatch:
    """Write an open batch's rows, saving how many were checked as it goes (each chunk of
    rows commits on its own, so the progress can be read; the batch stays PLANNING, its
    rows unused, until the last one is written)."""

    def progress(checked, total):
        ImportBatch.objects.filter(pk=batch.pk).update(position=checked, planning_total=total)

    actor = batch.created_by
    try:
        total = build_plan(
            batch.source, batch=batch, master_list=batch.master_list or None, progress=progress
        )
    except (SourceError, MasterListError) as exc:
        batch.rows.all().delete()
        batch.status, batch.refusal = ImportBatch.Status.REFUSED, str(exc)
        save_recorded(batch, actor=actor, reason="source refused", update_fields=["status", "refusal"])
        return batch
    batch.status, batch.position, batch.total = ImportBatch.Status.PLANNED, 0, total
    save_recorded(batch, actor=actor, reason="dry run", update_fields=["total", "status", "position"])
    return batch


def batch_run(batch: ImportBatch, *, actor, chunk: int = 50, progress=None, texts=True) -> ImportBatch:
    """Apply the batch's plan from where it stopped. Each row in its own transaction.
    ``texts``: then queue the search text of what came in (a task of its own)."""
    _require_officer(actor)
    batch.status = ImportBatch.Status.RUNNING
    save_recorded(batch, actor=actor, reason="import started", update_fields=["status"])
    context = _RowContext(actor=actor, batch=batch)
    try:
        with Source(batch.source) as source:
            while batch.position < batch.total:
                _chunk_apply(batch, source, context, stop=min(batch.position + chunk, batch.total))
                if progress:
                    progress(batch)
    except SourceError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.failure = str(exc)
        save_recorded(batch, actor=actor, reason="import failed", update_fields=["status", "failure"])
        return batch
    batch.status, batch.failure = ImportBatch.Status.DONE, ""
    batch.finished_at = timezone.now()
    save_recorded(
        batch, actor=actor, reason="import done", update_fields=["status", "failure", "finished_at"]
    )
    if texts:
        _texts_enqueue(batch)
    return batch


def _chunk_apply(batch, source, context, *, stop):
    """Rows position..stop in one transaction, each row in a savepoint of its own (all or
    nothing per row); the rows' outcomes and the batch's position are saved in the same
    transaction, so a run stopped anywhere resumes at the first row not committed."""
    rows = list(batch.rows.filter(position__gte=batch.position, position__lt=stop).order_by("position"))
    context.chunk_start()
    try:
        with transaction.atomic():
            for row in rows:
                row.outcome, row.message = row_apply(
                    row.data, source=source, actor=context.actor, context=context
                )
            context.chunk_finish()
            ImportRow.objects.bulk_update(rows, ["outcome", "message"])
            batch.position = stop
            batch.save(update_fields=["position"])
    except BaseException:
        context.chunk_abandon()  # its files go with its rows
        raise


def _texts_enqueue(batch):
    from transfer.tasks import QueueUnavailable, dispatch, extract_imported_texts

    with contextlib.suppress(QueueUnavailable):  # the officer can run manage.py extract_text later
        dispatch(extract_imported_texts, batch.pk)


def batch_texts_extract(*, batch_id: int) -> int:
    """Queue the search text of the batch's imported versions (a legacy original's text
    comes with its conversion). The number queued."""
    versions = [
        marker.version
        for marker in ImportedVersion.objects.filter(
            batch_id=batch_id, conversion=ImportedVersion.Conversion.NOT_NEEDED
        ).select_related("version")
    ]
    with transaction.atomic():
        texts_request(versions)
    return len(versions)


def conversions_retry(*, actor, batch: ImportBatch) -> int:
    """Queue again the conversions of the batch that are pending or failed (after
    LibreOffice was installed, say). The number queued."""
    _require_officer(actor)
    from transfer.tasks import convert_legacy, dispatch

    waiting = list(
        ImportedVersion.objects.filter(
            batch=batch,
            conversion__in=[ImportedVersion.Conversion.PENDING, ImportedVersion.Conversion.FAILED],
        ).values_list("pk", flat=True)
    )
    for marker_id in waiting:
        dispatch(convert_legacy, marker_id)  # QueueUnavailable reaches the caller
    return len(waiting)


def batch_summary(batch) -> dict:
    """Rows done by outcome (one GROUP BY)."""
    counts = {IMPORTED: 0, SKIPPED: 0, FAILED: 0}
    counts.update(
        batch.rows.exclude(outcome="")
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    return counts


@dataclass
class _RowContext:
    """What the rows of one run share. Read once: types, departments, owners. Per chunk
    (one transaction): the documents created or changed in it, still locked, so their next
    revisions need no lookup; the series numbers to reserve and the import markers to
    write, both once at the end of the chunk; the files stored, removed if it rolls back."""

    actor: object
    batch: ImportBatch | None = None
    types: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    owners: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)  # number -> _Held
    reserve: dict = field(default_factory=dict)  # series key -> highest number imported
    markers: list = field(default_factory=list)
    files: list = field(default_factory=list)
    # number -> (id of the version that ends effective, ids of the versions it superseded
    # that were effective before this chunk): announced once the chunk commits
    effective: dict = field(default_factory=dict)
    created: set = field(default_factory=set)  # ids of the versions written in this chunk

    def doc_type(self, code):
        key = code.upper()
        if key not in self.types:
            self.types[key] = DocumentType.objects.get(code__iexact=code)
        return self.types[key]

    def department(self, code):
        key = code.upper()
        if key not in self.departments:
            self.departments[key] = Department.objects.get(code__iexact=code)
        return self.departments[key]

    def owner(self, username):
        if not username:
            return self.actor
        if username not in self.owners:
            self.owners[username] = get_user_model().objects.filter(username=username).first()
        return self.owners[username] or self.actor

    def chunk_start(self):
        self.documents, self.reserve, self.markers, self.files = {}, {}, [], []
        self.effective, self.created = {}, set()

    def chunk_finish(self):
        for key, value in sorted(self.reserve.items()):
            sequence_reserve(key, value)
        created = bulk_create_with_history(
            self.markers, ImportedVersion, default_user=self.actor, default_change_reason="imported"
        )
        for marker in created:
            if marker.conversion == ImportedVersion.Conversion.PENDING:
                transaction.on_commit(lambda pk=marker.pk: _queue_conversion(pk))
        if self.effective:
            announced = dict(self.effective.values())  # version id -> superseded ids
            transaction.on_commit(
                lambda: imported_effective_announce(versions=announced, actor=self.actor), robust=True
            )

    def row_joined(self, number, effects):
        """A row's savepoint was released: what it did joins the chunk's state."""
        self.files.extend(effects["files"])
        if effects["held"] is not None:
            self.documents[number] = effects["held"]
        if effects["reserve"]:
            key, value = effects["reserve"]
            self.reserve[key] = max(value, self.reserve.get(key, 0))
        if effects["marker"] is not None:
            self.markers.append(effects["marker"])
            self.created.add(effects["marker"].version.pk)
        if effects["effective"] is not None:
            version, superseded = effects["effective"]
            _, earlier = self.effective.get(number, (None, ()))
            # what was effective before this chunk is announced as superseded, not the
            # history imported in it
            fresh = tuple(pk for pk in superseded if pk not in self.created)
            self.effective[number] = (version.pk, (*earlier, *fresh))

    def chunk_abandon(self):
        for field_file in self.files:
            field_file.storage.delete(field_file.name)
        self.chunk_start()


@dataclass
class _Held:
    """A document locked in this chunk: its revisions' checksums and its effective one."""

    document: Document
    revisions: dict  # revision -> content_key (SHA-256 of its file and of its attachments)
    effective: DocumentVersion | None


def row_apply(row, *, source, actor, batch=None, context=None) -> tuple[str, str]:
    """(outcome, message). Never raises for a bad row: the row's savepoint rolls back.
    Outside ``batch_run`` (no context) the row is its own transaction."""
    if row["action"] in (ERROR, SKIP):
        return SKIPPED, row["message"]
    if context is None:
        context = _RowContext(actor=actor, batch=batch)
        context.chunk_start()
        with transaction.atomic():
            outcome = row_apply(row, source=source, actor=actor, context=context)
            context.chunk_finish()
        return outcome
    row_effects = {"files": [], "held": None, "reserve": None, "marker": None, "effective": None}
    try:
        with transaction.atomic():
            result = _row_apply(row, source=source, context=context, effects=row_effects)
    except (ValidationError, SourceError, Document.DoesNotExist) as exc:
        for field_file in row_effects["files"]:  # the row rolled back: its file goes too
            field_file.storage.delete(field_file.name)
        return FAILED, " ".join(getattr(exc, "messages", [str(exc)]))
    except BaseException:
        for field_file in row_effects["files"]:
            field_file.storage.delete(field_file.name)
        raise
    context.row_joined(row["number"], row_effects)  # in, until the chunk commits
    return result


def _held(number, doc_type, department, context) -> _Held | None:
    held = context.documents.get(number)
    if held is not None:
        return held
    document = Document.objects.select_for_update().filter(number=number).order_by().first()
    if document is None:
        return None
    if document.doc_type_id != doc_type.pk or document.department_id != department.pk:
        raise ValidationError(
            _("number clash: %(number)s belongs to another type or department") % {"number": number}
        )
    attached = {}
    for version_id, checksum in VersionAttachment.objects.filter(version__document=document).values_list(
        "version_id", "checksum"
    ):
        attached.setdefault(version_id, []).append(checksum)
    revisions, effective = {}, None
    for version in document.versions.select_for_update().order_by():
        revisions[version.revision] = content_key(version.checksum, attached.get(version.pk, ()))
        if version.status == "effective":
            effective = version
    return _Held(document, revisions, effective)


def _row_apply(row, *, source, context, effects) -> tuple[str, str]:
    assert row["action"] in (CREATE, ADD)
    actor = context.actor
    doc_type = context.doc_type(row["type"])
    department = context.department(row["department"])
    owner = context.owner(row["owner"])
    reason = f"imported from {row['file']}"[:100]
    held = _held(row["number"], doc_type, department, context)
    if held is None:
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
        save_recorded(document, actor=actor, reason=reason)
        effects["reserve"] = _series_number(document)
        held = _Held(document, {}, None)
    document = held.document
    attachments = row.get("attachments") or []
    if row["revision"] in held.revisions:
        if held.revisions[row["revision"]] == content_key(
            row["checksum"], [a["checksum"] for a in attachments]
        ):
            return SKIPPED, _("already imported: same revision, same SHA-256")
        raise ValidationError(_("revision %(rev)02d exists with other content") % {"rev": row["revision"]})
    entry = source.find(row["file"])
    if entry is None or entry.error:
        raise ValidationError(_("missing file: %(name)s") % {"name": row["file"]})
    status = row["status"] or "effective"
    current = held.effective
    superseded = None
    if status == "effective" and current is not None:
        if current.revision > row["revision"]:
            status = "superseded"
        else:
            current.status = "superseded"
            save_recorded(
                current, actor=actor, reason=f"superseded by imported revision {row['revision']:02d}"
            )
            superseded = current
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
        effects["files"].append(version.file)
    version.original_filename = checked.original_filename
    version.content_type = checked.content_type
    version.size = checked.size
    version.checksum = checked.checksum
    save_recorded(version, actor=actor, reason=reason)
    _attachments_store(version, attachments, source=source, actor=actor, reason=reason, effects=effects)
    effects["marker"] = ImportedVersion(
        version=version,
        batch=context.batch,
        source_path=row["file"][:1000],
        imported_by=actor,
        conversion=ImportedVersion.Conversion.PENDING
        if row.get("legacy")
        else ImportedVersion.Conversion.NOT_NEEDED,
    )
    effective = version if status == "effective" else (None if superseded else current)
    key = content_key(version.checksum, [a["checksum"] for a in attachments])
    effects["held"] = _Held(document, {**held.revisions, row["revision"]: key}, effective)
    if status == "effective":
        effects["effective"] = (version, [superseded.pk] if superseded else [])
    return IMPORTED, _("imported as %(status)s") % {"status": status} + attachment_note(row)


def _attachments_store(version, attachments, *, source, actor, reason, effects):
    """The row's further files, checked again and stored with the version. The version is
    already effective (or superseded): the rows are inserted in bulk, with their history,
    in the transaction that inserts the version (see documents.models.VersionAttachment)."""
    rows = []
    for planned in attachments:
        entry = source.find(planned["file"])
        if entry is None or entry.error:
            raise ValidationError(_("missing attachment: %(name)s") % {"name": planned["file"]})
        with source.open(entry) as spool:
            checked = check_import_file(spool, entry.basename).checked
            if checked.checksum != planned["checksum"]:
                raise ValidationError(_("the file changed since the dry run; run the dry run again"))
            attachment = VersionAttachment.for_checked(version=version, checked=checked, uploaded_by=actor)
            attachment.file.save(entry.basename, File(spool, name=entry.basename), save=False)
            effects["files"].append(attachment.file)
        rows.append(attachment)
    if rows:
        bulk_create_with_history(rows, VersionAttachment, default_user=actor, default_change_reason=reason)


def imported_effective_announce(*, versions: dict, actor) -> list[int]:
    """Tell the apps that listen for "effective" (documents.services.LIFECYCLE_HOOKS) that
    imported versions became effective, as documents.services does when a version is
    published: procedures flag the procedures linked to the document for review, renditions
    queues its controlled PDFs and asks for the copies of the versions it superseded back.
    Called once an import's chunk has committed, once per document, for the revision that
    ends effective only (never for the superseded history that came with it).
    ``versions``: version id -> ids of the versions it superseded that were effective
    before the import.

    The listeners are told ``imported=True``: approvals then closes the read-and-acknowledge
    tasks of the versions superseded but asks nobody to read an imported document (every
    reader would get a task for hundreds of documents the staff already use). The periodic
    review needs no listener: the import sets next_review_date, which the review reminders
    read.

    One transaction for the chunk, the versions locked in primary-key order, a savepoint
    per document so one listener failing holds back neither the others nor the import (it
    is logged). The listeners cost what they cost on a publish: ~10 ms a document, most
    of it procedures' linked-procedure query. Returns the ids announced: those still
    effective (not withdrawn or superseded meanwhile)."""
    hooks = list(LIFECYCLE_HOOKS["effective"])
    announced = []
    with transaction.atomic():
        locked = (
            DocumentVersion.objects.select_for_update()
            .select_related("document__doc_type")
            .filter(pk__in=list(versions), status="effective")
            .order_by("pk")
        )
        superseded_ids = {pk for ids in versions.values() for pk in ids}
        superseded = {v.pk: v for v in DocumentVersion.objects.filter(pk__in=superseded_ids)}
        for version in locked:
            try:
                with transaction.atomic():
                    for hook in hooks:
                        hook(
                            version=version,
                            actor=actor,
                            superseded=[superseded[pk] for pk in versions[version.pk] if pk in superseded],
                            imported=True,
                        )
            except Exception:  # noqa: BLE001 - the rows are in; the listener's failure is the log's
                logger.exception("Lifecycle hooks failed for imported version %s", version.pk)
                continue
            announced.append(version.pk)
    return announced


def _series_number(document) -> tuple[str, int] | None:
    """(series key, number) to keep out of the series' future numbers, or None when the
    imported number does not follow its type's pattern."""
    match = number_pattern_regex(document.doc_type, document.department).match(document.number)
    if not match:
        return None
    year = int(match.groupdict().get("year") or timezone.localdate().year)
    key = series_key(
        document.doc_type.numbering_pattern,
        type_code=document.doc_type.code,
        department_code=document.department.code,
        year=year,
    )
    return key, int(match["seq"])


def _queue_conversion(marker_id):
    from transfer.tasks import QueueUnavailable, convert_legacy, dispatch

    # broker down: the conversion stays pending, listed on the batch page with a retry button
    with contextlib.suppress(QueueUnavailable):
        dispatch(convert_legacy, marker_id)
