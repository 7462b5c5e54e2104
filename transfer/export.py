"""The register out as one ZIP, streamed (zipfile on an unseekable sink, ZIP64): never
built in memory. Members:

- ``files/<number>/rev<NN>_<file name>``: every revision's original file, and its
  attachments under ``files/<number>/rev<NN>_attachments/``;
- ``renditions/<number>/rev<NN>_<language>.pdf``: the controlled PDFs already built;
- ``manifest.json`` and ``manifest.xlsx``: one row per version (metadata, SHA-256,
  signatures, history), in the columns ``import_documents`` reads back; ``files`` names
  the version's file, then its attachments (``;`` between), as a master list does.
"""

import datetime
import json
import re
import tempfile
import zipfile
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from documents.models import Document, DocumentVersion
from transfer.masterlist import COLUMNS

CHUNK = 1024 * 1024
FORMAT = "qms-register-export/1"


class _Sink:
    """A write-only file for zipfile: what is written is handed out by ``drain``."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def _safe(part: str) -> str:
    # ";" too: a master list separates the file names of a row with it
    return re.sub(r"[\\/:*?\"<>|;\x00-\x1f]+", "_", part).strip(" .") or "_"


def _when(value):
    return value.isoformat() if value else None


def version_row(document, version, *, history=None) -> dict:
    """One manifest row. ``history``: the version's history rows when the caller fetched
    them in bulk (export_chunks); signatures come prefetched or are read here."""
    imported = getattr(version, "imported", None) if hasattr(version, "imported") else None
    if history is None:
        history = version.history.all().select_related("history_user").order_by("history_date")
    main = _file_name(document, version)
    attachments = [
        {
            "file": name,
            "checksum": attachment.checksum,
            "size": attachment.size,
            "original_filename": attachment.original_filename,
        }
        for name, attachment in _attachment_names(document, version)
    ]
    return {
        "number": document.number,
        "title": document.title,
        "type": document.doc_type.code,
        "department": document.department.code,
        "owner": document.owner.username,
        "revision": version.revision,
        "effective_date": _when(version.effective_date),
        "review_period": document.review_period_months,
        "issuer": document.issuer,
        "reference": document.source_reference,
        "files": "; ".join(name for name in [main, *(a["file"] for a in attachments)] if name),
        "attachments": attachments,
        "status": version.status,
        "change_summary": version.change_summary,
        "checksum": version.checksum,
        "size": version.size,
        "original_filename": version.original_filename,
        "approved_by": version.approved_by.username if version.approved_by else None,
        "approved_at": _when(version.approved_at),
        "imported": {
            "by": imported.imported_by.username,
            "at": _when(imported.imported_at),
            "from": imported.source_path,
        }
        if imported
        else None,
        "signatures": [
            {
                "signer": s.signer_name,
                "role": s.signer_role,
                "meaning": s.meaning,
                "decision": s.decision,
                "signed_at": _when(s.signed_at),
                "content_sha256": s.content_sha256,
            }
            for s in version.signatures.all()
        ]
        if hasattr(version, "signatures")
        else [],
        "history": [
            {
                "at": _when(h.history_date),
                "user": h.history_user.username if h.history_user else None,
                "status": h.status,
                "reason": h.history_change_reason,
            }
            for h in history
        ],
    }


def _file_name(document, version) -> str:
    if not version.file:
        return ""
    return f"files/{_safe(document.number)}/rev{version.revision:02d}_{_safe(version.original_filename or 'file')}"


def _attachment_names(document, version):
    """(member name, attachment): under ``rev<NN>_attachments/`` by their own names, so an
    import reads the same file names back; a name given twice goes one folder down."""
    folder = f"files/{_safe(document.number)}/rev{version.revision:02d}_attachments"
    taken = set()
    for position, attachment in enumerate(version.attachments.all(), start=1):
        name = _safe(attachment.original_filename or "file")
        if name.casefold() in taken:
            name = f"{position:02d}/{name}"
        taken.add(name.casefold())
        yield f"{folder}/{name}", attachment


PAGE = 200  # documents read per round of queries


def _versions_of(documents) -> tuple[dict, dict]:
    """The versions of a page of documents (signatures, ready renditions prefetched) and
    their history rows: a fixed number of queries per page, not per version."""
    versions = (
        DocumentVersion.objects.filter(document__in=documents)
        .select_related("approved_by", "imported__imported_by")
        .prefetch_related(Prefetch("renditions", queryset=_ready_renditions()), "attachments")
        .order_by("document_id", "revision")
    )
    if hasattr(DocumentVersion, "signatures"):
        versions = versions.prefetch_related("signatures")
    by_document = defaultdict(list)
    for version in versions:
        by_document[version.document_id].append(version)
    history = defaultdict(list)
    rows = (
        DocumentVersion.history.filter(id__in=[v.pk for vs in by_document.values() for v in vs])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for row in rows:
        history[row.id].append(row)
    return by_document, history


def _ready_renditions():
    from django.apps import apps

    Rendition = apps.get_model("renditions", "Rendition")
    return Rendition.objects.filter(state="ready").exclude(file="")


def _pages(documents):
    page = []
    for document in documents.iterator(chunk_size=PAGE):
        page.append(document)
        if len(page) == PAGE:
            yield page
            page = []
    if page:
        yield page


def export_chunks(documents=None):
    """Yield the ZIP's bytes. ``documents``: a Document queryset (default: all)."""
    documents = (
        (documents if documents is not None else Document.objects.all())
        .select_related("doc_type", "department", "owner")
        .order_by("number")
    )
    sink = _Sink()
    # the manifest rows go to disk as they are made (JSON lines, and the write-only XLSX
    # sheet), so the memory used does not grow with the register
    with (
        tempfile.TemporaryFile() as lines,
        zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        sheet = _ManifestSheet()
        for page in _pages(documents):
            by_document, history = _versions_of(page)
            for document in page:
                for version in by_document[document.pk]:
                    row = version_row(document, version, history=history[version.pk])
                    lines.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
                    sheet.append(row)
                    members = [(_file_name(document, version), version.file)] if version.file else []
                    members += [
                        (name, attachment.file) for name, attachment in _attachment_names(document, version)
                    ]
                    for name, field_file in members:
                        with (
                            field_file.open("rb") as src,
                            archive.open(name, "w", force_zip64=True) as dst,
                        ):
                            while chunk := src.read(CHUNK):
                                dst.write(chunk)
                                yield sink.drain()
                    for rendition in version.renditions.all():
                        name = f"renditions/{_safe(document.number)}/rev{version.revision:02d}_{rendition.kind}_{rendition.language}.pdf"
                        with (
                            rendition.file.open("rb") as src,
                            archive.open(name, "w", force_zip64=True) as dst,
                        ):
                            while chunk := src.read(CHUNK):
                                dst.write(chunk)
                    yield sink.drain()
        lines.seek(0)
        with archive.open("manifest.json", "w", force_zip64=True) as dst:
            head = {"format": FORMAT, "exported_at": timezone.now().isoformat()}
            dst.write(json.dumps(head, ensure_ascii=False)[:-1].encode() + b', "versions": [\n')
            for number, line in enumerate(lines):
                dst.write((b",\n" if number else b"") + line.rstrip(b"\n"))
                yield sink.drain()
            dst.write(b"\n]}\n")
        yield sink.drain()
        with tempfile.TemporaryFile() as xlsx:
            sheet.save(xlsx)
            xlsx.seek(0)
            with archive.open("manifest.xlsx", "w", force_zip64=True) as dst:
                while chunk := xlsx.read(CHUNK):
                    dst.write(chunk)
                    yield sink.drain()
    yield sink.drain()


XLSX_COLUMNS = list(COLUMNS) + [
    "attachments",
    "size",
    "original_filename",
    "approved_by",
    "approved_at",
    "imported",
    "signatures",
    "history",
]


class _ManifestSheet:
    """manifest.xlsx, written row by row (openpyxl's write-only mode keeps rows on disk)."""

    def __init__(self):
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("register")
        self.sheet.append(XLSX_COLUMNS)

    def append(self, row):
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for key in XLSX_COLUMNS:
            value = row.get(key)
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
            if isinstance(value, str) and len(value) > 32000:
                value = value[:32000]
            cell = WriteOnlyCell(self.sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        self.sheet.append(cells)

    def save(self, handle):
        self.book.save(handle)


def export_to_file(path, documents=None) -> int:
    size = 0
    with open(path, "wb") as out:
        for chunk in export_chunks(documents):
            out.write(chunk)
            size += len(chunk)
    return size


def default_name() -> str:
    return f"qms-register-{datetime.date.today():%Y%m%d}.zip"
