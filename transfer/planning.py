"""The dry run: every row of the source gets an action and a reason, nothing is written.

Row sources, in this order: the given master list; else a ``manifest.json`` at the root
of the source (what ``export_documents`` writes: the round trip); else what the folder
and file names say (``QT-VP-01_rev02.docx``: number QT-VP-01, type QT, department VP,
revision 2), each inferred value named in the row's warnings.

Actions: ``create`` (a new document), ``add_revision``, ``skip`` (that revision is
already there with the same SHA-256), ``error`` (with the reason). Each row is a plain
dict, stored as an ``ImportRow`` of the batch and applied exactly as it is.

The plan is never whole in memory: rows are written a thousand at a time as they are
checked; the actions that need the other rows (a revision twice, the effective one of a
document) are then decided a few documents at a time, reading the rows in order of number
and revision; last, one UPDATE numbers the rows in the order the import applies them.
"""

import json
import re
import string
from collections import defaultdict
from pathlib import PurePosixPath

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.models import Document, DocumentType, DocumentVersion, VersionAttachment
from organisation.models import Department
from transfer.checks import CONVERTIBLE, check_import_file
from transfer.masterlist import parse_date, read_master_list
from transfer.models import ImportRow
from transfer.sources import Source, SourceError

CREATE, ADD, SKIP, ERROR = "create", "add_revision", "skip", "error"
IMPORTABLE_STATUSES = {"effective", "superseded", "obsolete"}
MANIFEST = "manifest.json"
NAME_RE = re.compile(
    r"^(?P<number>(?P<type>[A-Za-z]+)[-_.](?P<dept>[A-Za-z0-9]+)[-_.](?P<seq>\d+))"
    r"(?:[\s_.-]*(?:rev|r|lan|v)\.?[\s_-]*(?P<rev>\d+))?",
    re.IGNORECASE,
)


def number_pattern_regex(doc_type, department) -> re.Pattern:
    parts = []
    for literal, field, _spec, _conv in string.Formatter().parse(doc_type.numbering_pattern):
        parts.append(re.escape(literal))
        if field == "type":
            parts.append(re.escape(doc_type.code))
        elif field == "department":
            parts.append(re.escape(department.code))
        elif field == "year":
            parts.append(r"(?P<year>\d{4})")
        elif field == "seq":
            parts.append(r"(?P<seq>\d+)")
    return re.compile("^" + "".join(parts) + "$")


def _infer(entry) -> dict:
    path = PurePosixPath(entry.name)
    match = NAME_RE.match(path.stem)
    row = {"line": "", "files": entry.name, "warnings": []}
    if not match:
        row["error"] = _("no number in the file name and no master list: %(name)s") % {"name": entry.name}
        return row
    row.update(
        number=match["number"].upper().replace("_", "-").replace(".", "-"),
        type=match["type"].upper(),
        department=match["dept"].upper(),
        revision=int(match["rev"] or 1),
        title=path.parent.name if path.parent.name else match["number"],
    )
    row["inferred"] = _(
        "inferred from the file name: number %(number)s, type %(type)s, department %(dept)s, revision %(rev)02d"
    ) % {"number": row["number"], "type": row["type"], "dept": row["department"], "rev": row["revision"]}
    return row


def _manifest_rows(items):
    for line, item in enumerate(items, start=1):
        row = dict(item)
        row.update(line=line, warnings=[])
        yield row


def _rows(source: Source, master_list) -> tuple:
    """(raw rows, how many, origin); the rows of a manifest or of the file names are
    made one at a time as the planner asks for them."""
    if master_list:
        rows = read_master_list(master_list)
        return rows, len(rows), "master_list"
    manifest = source.find(MANIFEST)
    if manifest is not None and manifest.name == MANIFEST and not manifest.error:
        with source.open(manifest) as handle:
            items = json.load(handle).get("versions", [])
        return _manifest_rows(items), len(items), "manifest"
    entries = [e for e in source.entries if not e.error]
    return (_infer(e) for e in entries), len(entries), "names"


def _to_int(value, default=None):
    if value in (None, ""):
        return default
    try:
        return int(float(str(value).strip().lstrip("0") or 0)) if str(value).strip() else default
    except ValueError:
        raise ValidationError(_("not a whole number: %(value)s") % {"value": value}) from None


def build_plan(source_path, *, batch, master_list=None, progress=None) -> int:
    """The dry run of one source, written as the rows of ``batch`` (any rows it had are
    replaced); the number of rows. Raises SourceError / MasterListError for a source
    that cannot be read at all; everything else is a row. ``progress(checked, total)``
    is called every PROGRESS_EVERY rows."""
    batch.rows.all().delete()  # a dry run interrupted and started again
    writer = _RowWriter(batch)
    with Source(source_path) as source:
        raw_rows, count, origin = _rows(source, master_list)
        _plan(source, raw_rows, count, origin, writer, progress=progress)
    writer.flush()
    _decide(batch)
    return rows_number(batch)


PROGRESS_EVERY = 100
CHUNK = 1000


class _RowWriter:
    """Rows inserted CHUNK at a time, at negative positions in the order they were read
    (rows_number gives them their place once every action is known)."""

    def __init__(self, batch):
        self.batch, self.pending, self.written = batch, [], 0

    def add(self, row: dict):
        self.written += 1
        self.pending.append(
            ImportRow(
                batch=self.batch,
                position=-self.written,
                action=row["action"],
                number=row["number"][:100],
                revision=_column_int(row["revision"]),
                file=row["file"][:1000],
                data=row,
            )
        )
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self):
        ImportRow.objects.bulk_create(self.pending)
        self.pending = []


def _column_int(value):
    """A revision for the sort column; one out of any column's range (an error row) sorts as none."""
    return value if isinstance(value, int) and -(2**31) < value < 2**31 else None


def _plan(source, raw_rows, count, origin, writer, progress=None):  # noqa: C901 (one step a block)
    types = {t.code.upper(): t for t in DocumentType.objects.all()}
    departments = {d.code.upper(): d for d in Department.objects.all()}
    users = get_user_model().objects
    used_files = set()
    for checked, raw in enumerate(raw_rows):
        if progress and checked % PROGRESS_EVERY == 0:
            progress(checked, count)
        row = {
            "line": raw.get("line", ""),
            "file": "",
            "number": str(raw.get("number") or "").strip(),
            "title": str(raw.get("title") or "").strip(),
            "type": str(raw.get("type") or "").strip().upper(),
            "department": str(raw.get("department") or "").strip().upper(),
            "owner": str(raw.get("owner") or "").strip(),
            "revision": None,
            "effective_date": None,
            "review_period": None,
            "issuer": str(raw.get("issuer") or "").strip(),
            "reference": str(raw.get("reference") or "").strip(),
            "status": str(raw.get("status") or "").strip().lower(),
            "change_summary": str(raw.get("change_summary") or "").strip(),
            "checksum": "",
            "size": 0,
            "legacy": False,
            "attachments": [],
            "action": "",
            "message": raw.get("error", ""),
            "warnings": list(raw.get("warnings", [])),
        }
        if raw.get("inferred"):
            row["warnings"].append(raw["inferred"])
        if row["message"]:
            row["action"] = ERROR
            row["file"] = str(raw.get("files") or "")
        else:
            try:
                _fill(row, raw, source, types, departments, users, used_files, origin)
            except ValidationError as exc:
                row["action"], row["message"] = ERROR, " ".join(exc.messages)
        writer.add(row)
    # entries no row uses: refused ones get their error line, others a note
    exported = source.find(MANIFEST) is not None
    for entry in source.entries:
        if id(entry) in used_files or entry.name == MANIFEST:
            continue
        if exported and (entry.name == "manifest.xlsx" or entry.name.startswith("renditions/")):
            continue  # an export's own extras: the controlled PDFs are built again here
        if entry.error:
            writer.add(_bare(entry.name, ERROR, entry.error, entry.warnings))
        elif origin != "names":
            writer.add(
                _bare(entry.name, SKIP, _("not listed in the master list; not imported"), entry.warnings)
            )


def _bare(name, action, message, warnings=()):
    return {
        "line": "",
        "file": name,
        "number": "",
        "title": "",
        "type": "",
        "department": "",
        "owner": "",
        "revision": None,
        "effective_date": None,
        "review_period": None,
        "issuer": "",
        "reference": "",
        "status": "",
        "change_summary": "",
        "checksum": "",
        "size": 0,
        "legacy": False,
        "attachments": [],
        "action": action,
        "message": message,
        "warnings": list(warnings),
    }


def _fill(row, raw, source, types, departments, users, used_files, origin):  # noqa: C901 (one check a line)
    if not row["number"]:
        raise ValidationError(_("no document number"))
    if len(row["number"]) > 100:
        raise ValidationError(_("the number is longer than 100 characters"))
    files = [f.strip() for f in re.split(r"[;\n|]", str(raw.get("files") or "")) if f.strip()]
    if not files:
        raise ValidationError(_("no file named for this row"))
    entry = source.find(files[0])
    row["file"] = entry.name if entry else files[0]
    if entry is None:
        raise ValidationError(_("missing file: %(name)s") % {"name": files[0]})
    used_files.add(id(entry))
    row["warnings"].extend(entry.warnings)
    if entry.error:
        raise ValidationError(entry.error)
    doc_type = types.get(row["type"])
    if doc_type is None:
        raise ValidationError(_("unknown document type: %(code)s") % {"code": row["type"] or "-"})
    department = departments.get(row["department"])
    if department is None:
        raise ValidationError(_("unknown department: %(code)s") % {"code": row["department"] or "-"})
    row["revision"] = _to_int(raw.get("revision"), 1)
    if row["revision"] < 1:
        raise ValidationError(_("the revision must be 1 or more"))
    row["review_period"] = _to_int(raw.get("review_period"))
    effective, error = parse_date(raw.get("effective_date"))
    if error:
        raise ValidationError(error)
    row["effective_date"] = effective.isoformat() if effective else None
    if effective is None:
        row["warnings"].append(_("no effective date"))
    if row["status"] and row["status"] not in IMPORTABLE_STATUSES:
        raise ValidationError(
            _("status %(status)s cannot be imported (effective, superseded or obsolete)")
            % {"status": row["status"]}
        )
    if not row["title"]:
        row["title"] = row["number"]
        row["warnings"].append(_("no title; the number is used"))
    row["title"] = row["title"][:300]
    if doc_type.is_external and not (row["issuer"] and row["reference"]):
        raise ValidationError(_("an external document needs its issuer and reference"))
    if row["owner"] and not users.filter(username=row["owner"]).exists():
        row["warnings"].append(
            _("unknown owner %(owner)s; the importing officer is the owner") % {"owner": row["owner"]}
        )
        row["owner"] = ""
    if not number_pattern_regex(doc_type, department).match(row["number"]):
        row["warnings"].append(
            _("the number does not follow the type's pattern %(pattern)s; kept as it is")
            % {"pattern": doc_type.numbering_pattern}
        )
    try:
        with source.open(entry) as spool:
            checked = check_import_file(spool, entry.basename).checked
    except SourceError as exc:
        raise ValidationError(str(exc)) from None
    except ValidationError as exc:
        raise ValidationError(_("file refused: %(reason)s") % {"reason": " ".join(exc.messages)}) from None
    if raw.get("checksum") and raw["checksum"] != checked.checksum:
        raise ValidationError(_("the file's SHA-256 does not match the manifest's"))
    row["checksum"], row["size"] = checked.checksum, checked.size
    row["legacy"] = PurePosixPath(entry.name).suffix.lower() in CONVERTIBLE
    if row["legacy"]:
        row["warnings"].append(
            _("legacy format: kept as the original, PDF rendition by LibreOffice after the import")
        )
    row["attachments"] = _attachments(files[1:], raw, source, used_files, seen={entry.name})


def _attachments(names, raw, source, used_files, *, seen) -> list[dict]:
    """The further files named on a row (after the version's own file): each must be in
    the source and pass the content checks, or the whole row is an error."""
    listed = [a for a in raw.get("attachments") or [] if isinstance(a, dict)]  # an export's manifest
    attachments = []
    for position, name in enumerate(names):
        entry = source.find(name)
        if entry is None:
            raise ValidationError(_("missing attachment: %(name)s") % {"name": name})
        if entry.name in seen:
            raise ValidationError(_("the file %(name)s is named twice on this row") % {"name": entry.name})
        seen.add(entry.name)
        used_files.add(id(entry))
        if entry.error:
            raise ValidationError(
                _("attachment %(name)s refused: %(reason)s") % {"name": entry.name, "reason": entry.error}
            )
        try:
            with source.open(entry) as spool:
                checked = check_import_file(spool, entry.basename).checked
        except SourceError as exc:
            raise ValidationError(str(exc)) from None
        except ValidationError as exc:
            raise ValidationError(
                _("attachment %(name)s refused: %(reason)s")
                % {"name": entry.name, "reason": " ".join(exc.messages)}
            ) from None
        given = listed[position] if position < len(listed) else {}
        if given.get("checksum") and given["checksum"] != checked.checksum:
            raise ValidationError(
                _("the SHA-256 of attachment %(name)s does not match the manifest's") % {"name": entry.name}
            )
        attachments.append({"file": entry.name, "checksum": checked.checksum, "size": checked.size})
    return attachments


def content_key(checksum: str, attachment_checksums) -> tuple:
    """What makes an imported revision identical to one already there: its file's SHA-256
    and those of its attachments (in any order)."""
    return (checksum, tuple(sorted(attachment_checksums)))


def attachment_note(row) -> str:
    count = len(row.get("attachments") or [])
    if not count:
        return ""
    return "; " + ngettext("%(count)d attachment", "%(count)d attachments", count) % {"count": count}


def _existing_contents(numbers) -> dict:
    """number -> revision -> content_key of the versions already in the register."""
    existing = defaultdict(dict)
    attached = defaultdict(list)
    for number, revision, checksum in VersionAttachment.objects.filter(
        version__document__number__in=numbers
    ).values_list("version__document__number", "version__revision", "checksum"):
        attached[(number, revision)].append(checksum)
    for number, revision, checksum in DocumentVersion.objects.filter(
        document__number__in=numbers
    ).values_list("document__number", "revision", "checksum"):
        existing[number][revision] = content_key(checksum, attached[(number, revision)])
    return existing


def _decide(batch):
    """Actions against the database and within the plan; statuses when not given. The
    rows still undecided are read CHUNK at a time in order of number and revision, each
    document's rows together (a slice that ends inside a document is completed)."""
    live = batch.rows.exclude(action=ERROR).exclude(number="").order_by("number", "revision", "pk")
    last = None
    while True:
        rows = list((live if last is None else live.filter(number__gt=last))[:CHUNK])
        if not rows:
            return
        last = rows[-1].number
        if len(rows) == CHUNK:
            rows = [r for r in rows if r.number != last] + list(live.filter(number=last))
        _decide_rows(rows)
        ImportRow.objects.bulk_update(rows, ["action", "data"], batch_size=CHUNK)


def _decide_rows(rows):
    """``rows``: every undecided row of some documents, in order of number and revision."""
    numbers = {r.number for r in rows}
    documents = {
        d.number: d
        for d in Document.objects.filter(number__in=numbers).select_related("doc_type", "department")
    }
    existing = _existing_contents(numbers)
    seen = defaultdict(dict)
    for stored in rows:
        row = stored.data
        number, revision = row["number"], row["revision"]
        document = documents.get(number)
        if document is not None and (
            document.doc_type.code != row["type"] or document.department.code != row["department"]
        ):
            row["action"], row["message"] = (
                ERROR,
                _("number clash: %(number)s is already %(type)s / %(dept)s")
                % {"number": number, "type": document.doc_type.code, "dept": document.department.code},
            )
        elif revision in seen[number]:
            row["action"], row["message"] = (
                ERROR,
                _("revision %(rev)02d of %(number)s appears twice") % {"rev": revision, "number": number},
            )
        elif revision in existing[number]:
            if existing[number][revision] == content_key(
                row["checksum"], [a["checksum"] for a in row.get("attachments") or []]
            ):
                row["action"], row["message"] = SKIP, _("already imported: same revision, same SHA-256")
            else:
                row["action"], row["message"] = (
                    ERROR,
                    _("number clash: revision %(rev)02d of %(number)s exists with other content")
                    % {"rev": revision, "number": number},
                )
            seen[number][revision] = row
        else:
            row["action"] = ADD if (document is not None or seen[number]) else CREATE
            row["message"] = (
                _("will create the document") if row["action"] == CREATE else _("will add a revision")
            ) + attachment_note(row)
            seen[number][revision] = row
        stored.action = row["action"]
    for number, revisions in seen.items():
        top = max([*revisions, *existing[number]])
        for revision, row in revisions.items():
            if row["action"] in (CREATE, ADD) and not row["status"]:
                row["status"] = "effective" if revision == top else "superseded"


def rows_number(batch) -> int:
    """Give the batch's rows their positions 0.. in the order the import applies them
    (errors last; by number, then revision, so a document's history goes in oldest
    first), in one UPDATE; the number of rows. Strings compare by code point (PostgreSQL's
    "C" collation, SQLite's default), as Python would sort them."""
    collate = 'COLLATE "C"' if connection.vendor == "postgresql" else ""
    table = ImportRow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} SET position = ordered.n - 1
                FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY
                        CASE WHEN action = %s THEN 1 ELSE 0 END,
                        CASE WHEN number = '' THEN 1 ELSE 0 END, number {collate},
                        COALESCE(revision, 0), file {collate}, id) AS n
                      FROM {table} WHERE batch_id = %s) AS ordered
                WHERE {table}.id = ordered.id""",
            [ERROR, batch.pk],
        )
        return cursor.rowcount


def next_review(row, doc_type):
    if not row["effective_date"]:
        return None
    from datetime import date

    months = row["review_period"] or doc_type.default_review_months
    return date.fromisoformat(row["effective_date"]) + relativedelta(months=months)


def summary(batch) -> dict:
    """Planned rows by action (one GROUP BY)."""
    return dict(
        batch.rows.order_by().values_list("action").annotate(n=Count("pk")).values_list("action", "n")
    )
