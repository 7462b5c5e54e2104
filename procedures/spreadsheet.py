"""Import and export of the catalogue as an Excel workbook (openpyxl), in the columns the
agencies' TTHC lists already use (Mã TTHC, Tên thủ tục, Lĩnh vực, Cấp thực hiện …).

Import is all-or-nothing per file: every row is parsed and applied inside one transaction;
one bad row (reported with its line number) rolls the whole file back, and a dry run rolls
back always. A catalogue is small (tens to hundreds of rows) and an officer fixes the sheet
and sends it again; half a catalogue would leave procedures linked to forms and steps that
the rest of the file was meant to change. The import changes working copies only: the
public pages change when an officer publishes.

Multi-valued cells hold one item a line, parts separated by " | ":
  Thành phần hồ sơ: ``name | Bản chính | 1 | BM-VP-01`` (kind, copies and form optional)
  Phí/lệ phí: ``name: 20000 | legal basis | exemptions``
  Trình tự thực hiện: ``name | department code | role | 1 ngày làm việc``
  Căn cứ pháp lý: a number or reference of the external register, else kept as text.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from documents.models import Document
from documents.search import search_key
from organisation.models import Department
from procedures.models import AdministrativeProcedure, CopyKind, Level, OnlineLevel, ProcedureField, TimeUnit
from procedures.services import procedure_write

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = [
    ("code", "Mã TTHC"),
    ("name", "Tên thủ tục"),
    ("field", "Lĩnh vực"),
    ("level", "Cấp thực hiện"),
    ("implementing_body", "Cơ quan thực hiện"),
    ("department", "Đơn vị chủ trì"),
    ("applicants", "Đối tượng thực hiện"),
    ("filing", "Cách thức thực hiện"),
    ("dossier_sets", "Số lượng hồ sơ"),
    ("processing_time", "Thời hạn giải quyết"),
    ("fees", "Phí/lệ phí"),
    ("components", "Thành phần hồ sơ"),
    ("steps", "Trình tự thực hiện"),
    ("result", "Kết quả"),
    ("requirements", "Yêu cầu, điều kiện"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("internal_procedure", "Quy trình nội bộ"),
]
REQUIRED = ("code", "name", "field", "implementing_body", "department", "processing_time", "result")
HEADER_KEYS = {search_key(header): key for key, header in COLUMNS} | {key: key for key, _header in COLUMNS}

LEVEL_WORDS = {Level.PROVINCIAL: "Cấp tỉnh", Level.DISTRICT: "Cấp huyện", Level.COMMUNE: "Cấp xã"}
UNIT_WORDS = {TimeUnit.WORKING_DAYS: "ngày làm việc", TimeUnit.WORKING_HOURS: "giờ làm việc"}
COPY_WORDS = {
    CopyKind.ORIGINAL_OR_CERTIFIED: "Bản chính hoặc bản sao chứng thực",
    CopyKind.CERTIFIED_COPY: "Bản sao chứng thực",
    CopyKind.COPY: "Bản sao",
    CopyKind.ORIGINAL: "Bản chính",
}
IN_PERSON, BY_POST = "Trực tiếp", "Qua bưu chính"
ONLINE_WORDS = {OnlineLevel.PARTIAL: "Trực tuyến một phần", OnlineLevel.FULL: "Trực tuyến toàn trình"}


# --- Export ---------------------------------------------------------------------------------


def _number(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def export_row(procedure: AdministrativeProcedure) -> list[str]:
    """One procedure's working copy as the cells of a row (the import reads them back)."""
    filing = [IN_PERSON] if procedure.filing_in_person else []
    filing += [BY_POST] if procedure.filing_by_post else []
    filing += [ONLINE_WORDS[procedure.online_level]] if procedure.online_level in ONLINE_WORDS else []
    legal = [d.number for d in procedure.legal_basis.all()]
    legal += [line for line in procedure.legal_basis_text.splitlines() if line.strip()]
    values = {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field.name,
        "level": LEVEL_WORDS[procedure.level],
        "implementing_body": procedure.implementing_body,
        "department": procedure.department.code,
        "applicants": procedure.applicants,
        "filing": "; ".join(filing),
        "dossier_sets": str(procedure.dossier_sets),
        "processing_time": f"{_number(procedure.processing_time)} {UNIT_WORDS[procedure.processing_time_unit]}",
        "fees": "\n".join(
            " | ".join([f"{f.name}: {_number(f.amount)}", f.legal_basis, f.exemptions]).rstrip(" |")
            for f in procedure.fees.all()
        ),
        "components": "\n".join(
            " | ".join(
                [c.name, COPY_WORDS[c.copy_kind], str(c.copies), c.form.number if c.form_id else ""]
            ).rstrip(" |")
            for c in procedure.components.all()
        ),
        "steps": "\n".join(
            " | ".join(
                [
                    s.name,
                    s.department.code if s.department_id else "",
                    s.responsible_role,
                    f"{_number(s.time_limit)} {UNIT_WORDS[s.time_unit]}" if s.time_limit is not None else "",
                ]
            ).rstrip(" |")
            for s in procedure.steps.all()
        ),
        "result": procedure.result,
        "requirements": procedure.requirements,
        "legal_basis": "\n".join(legal),
        "internal_procedure": procedure.internal_procedure.number if procedure.internal_procedure_id else "",
    }
    return [values[key] for key, _header in COLUMNS]


def catalogue_workbook(procedures) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "TTHC"
    sheet.append([header for _key, header in COLUMNS])
    procedures = procedures.select_related("field", "department", "internal_procedure").prefetch_related(
        "legal_basis", "fees", "components__form", "steps__department"
    )
    for procedure in procedures:
        sheet.append(export_row(procedure))
    sheet.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQ", (12, 50, 25, 12, 30, 10, 30, 25, 8, 18, 35, 60, 60, 30, 30, 40, 12), strict=False
    ):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Import ---------------------------------------------------------------------------------


class RowError(ValueError):
    pass


@dataclass
class RowReport:
    line: int
    code: str
    action: str = ""  # "create", "update", "unchanged"
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file itself

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def bad_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(text: str, what: str) -> Decimal:
    cleaned = text.replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise RowError(_("%(what)s: “%(value)s” is not a number.") % {"what": what, "value": text}) from None
    if not value.is_finite() or value < 0:
        raise RowError(_("%(what)s: “%(value)s” is not a number.") % {"what": what, "value": text})
    return value


def _amount(text: str, what: str) -> Decimal:
    digits = re.sub(r"[^\d]", "", text)
    if search_key(text) in ("", "khong", "mien phi", "free", "0"):
        return Decimal(0)
    if not digits:
        raise RowError(_("%(what)s: “%(value)s” is not an amount.") % {"what": what, "value": text})
    return Decimal(digits)


def _duration(text: str, what: str) -> tuple[Decimal, str]:
    match = re.match(r"^\s*([\d.,]+)\s*(.*)$", text)
    if not match:
        raise RowError(
            _("%(what)s: “%(value)s” is not a number of working days or hours, e.g. “5 ngày làm việc”.")
            % {"what": what, "value": text}
        )
    unit = search_key(match.group(2))
    unit = TimeUnit.WORKING_HOURS if ("gio" in unit or "hour" in unit) else TimeUnit.WORKING_DAYS
    return _decimal(match.group(1), what), unit


def _level(text: str) -> str:
    key = search_key(text)
    for level, words in (
        (Level.PROVINCIAL, ("tinh", "provinc")),
        (Level.DISTRICT, ("huyen", "district")),
        (Level.COMMUNE, ("xa", "commune")),
    ):
        if any(word in key for word in words):
            return level
    raise RowError(_("Cấp thực hiện: “%(value)s” is not provincial, district or commune.") % {"value": text})


def _filing(text: str) -> dict:
    key = search_key(text)
    if not key:
        return {"filing_in_person": True, "filing_by_post": False, "online_level": OnlineLevel.NONE}
    online = OnlineLevel.NONE
    if "toan trinh" in key or "end to end" in key:
        online = OnlineLevel.FULL
    elif "truc tuyen" in key or "online" in key:
        online = OnlineLevel.PARTIAL
    return {
        "filing_in_person": "truc tiep" in key or "in person" in key,
        "filing_by_post": "buu chinh" in key or "post" in key,
        "online_level": online,
    }


def _copy_kind(text: str) -> str:
    key = search_key(text)
    for kind, words in COPY_WORDS.items():
        if search_key(words) in key:
            return kind
    raise RowError(_("Thành phần hồ sơ: “%(value)s” is not original or copy.") % {"value": text})


def _lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in text.splitlines() if line.strip()]


class _Lookups:
    """Fields, departments and documents, read once per file."""

    def __init__(self):
        self.fields = {}
        for f in ProcedureField.objects.all():
            self.fields[search_key(f.name)] = f
            self.fields[search_key(f.code)] = f
        self.departments = {d.code.upper(): d for d in Department.objects.all()}
        self.documents = {d.number.upper(): d for d in Document.objects.select_related("doc_type")}
        self.references = {
            search_key(d.source_reference): d
            for d in self.documents.values()
            if d.source_reference and d.doc_type.is_external
        }

    def field(self, name: str) -> ProcedureField:
        found = self.fields.get(search_key(name))
        if found is None:
            code = re.sub(r"[^a-z0-9]+", "-", search_key(name)).strip("-")[:30] or "field"
            found, _created = ProcedureField.objects.get_or_create(code=code, defaults={"name": name[:200]})
            self.fields[search_key(name)] = found
        return found

    def department(self, text: str, what: str) -> Department:
        found = self.departments.get(text.upper())
        if found is None:
            raise RowError(
                _("%(what)s: no department has the code “%(value)s”.") % {"what": what, "value": text}
            )
        return found

    def document(self, number: str, what: str, *, external: bool) -> Document:
        found = self.documents.get(number.upper())
        if found is None or found.doc_type.is_external != external:
            raise RowError(
                _("%(what)s: no document numbered “%(value)s” in the register.")
                % {"what": what, "value": number}
            )
        return found


def _parse(cells: dict, lookups: _Lookups) -> dict:
    """One row as the arguments of procedure_write; raises RowError naming the column."""
    missing = [header for key, header in COLUMNS if key in REQUIRED and not cells.get(key)]
    if missing:
        raise RowError(_("Empty: %(columns)s.") % {"columns": ", ".join(missing)})
    amount, unit = _duration(cells["processing_time"], "Thời hạn giải quyết")
    fields = {
        "code": cells["code"],
        "name": cells["name"],
        "field": lookups.field(cells["field"]),
        "level": _level(cells["level"]) if cells.get("level") else Level.PROVINCIAL,
        "implementing_body": cells["implementing_body"],
        "department": lookups.department(cells["department"], "Đơn vị chủ trì"),
        "applicants": cells.get("applicants", ""),
        "dossier_sets": int(_decimal(cells.get("dossier_sets") or "1", "Số lượng hồ sơ")),
        "processing_time": amount,
        "processing_time_unit": unit,
        "result": cells["result"],
        "requirements": cells.get("requirements", ""),
        "internal_procedure": lookups.document(
            cells["internal_procedure"], "Quy trình nội bộ", external=False
        )
        if cells.get("internal_procedure")
        else None,
        **_filing(cells.get("filing", "")),
    }
    legal, legal_text = [], []
    for line in (cells.get("legal_basis") or "").splitlines():
        line = line.strip()
        if not line:
            continue
        document = lookups.documents.get(line.upper()) or lookups.references.get(search_key(line))
        if document is not None and document.doc_type.is_external:
            legal.append(document)
        else:
            legal_text.append(line)
    fields["legal_basis_text"] = "\n".join(legal_text)
    components = []
    for parts in _lines(cells.get("components", "")):
        parts += [""] * (4 - len(parts))
        components.append(
            {
                "name": parts[0],
                "copy_kind": _copy_kind(parts[1]) if parts[1] else CopyKind.ORIGINAL,
                "copies": int(_decimal(parts[2] or "1", "Thành phần hồ sơ")),
                "form": lookups.document(parts[3], "Thành phần hồ sơ", external=False) if parts[3] else None,
            }
        )
    fees = []
    for parts in _lines(cells.get("fees", "")):
        if search_key(parts[0]) in ("khong", "mien phi", "free"):
            continue
        name, _sep, amount_text = parts[0].rpartition(":")
        if not name:
            raise RowError(_("Phí/lệ phí: write “name: amount”, e.g. “Lệ phí: 20000”."))
        parts += [""] * (3 - len(parts))
        fees.append(
            {
                "name": name.strip(),
                "amount": _amount(amount_text, "Phí/lệ phí"),
                "legal_basis": parts[1],
                "exemptions": parts[2],
            }
        )
    steps = []
    for parts in _lines(cells.get("steps", "")):
        parts += [""] * (4 - len(parts))
        limit, step_unit = (
            _duration(parts[3], "Trình tự thực hiện") if parts[3] else (None, TimeUnit.WORKING_DAYS)
        )
        steps.append(
            {
                "name": parts[0],
                "department": lookups.department(parts[1], "Trình tự thực hiện") if parts[1] else None,
                "responsible_role": parts[2],
                "time_limit": limit,
                "time_unit": step_unit,
            }
        )
    return {"fields": fields, "legal_basis": legal, "components": components, "fees": fees, "steps": steps}


def _header_map(header_row) -> dict[int, str]:
    mapping = {}
    for index, value in enumerate(header_row):
        key = HEADER_KEYS.get(search_key(_text(value)))
        if key:
            mapping[index] = key
    return mapping


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return list(error.messages)


def catalogue_import(*, actor, data: bytes, dry_run: bool) -> ImportReport:
    """Read the workbook and apply it, all or nothing (see the module docstring)."""
    report = ImportReport(dry_run=dry_run)
    if len(data) > MAX_BYTES:
        report.errors.append(_("The file is larger than 5 MB."))
        return report
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        report.errors.append(_("This is not an Excel workbook (.xlsx)."))
        return report
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    mapping = _header_map(next(rows, ()) or ())
    absent = [header for key, header in COLUMNS if key in REQUIRED and key not in mapping.values()]
    if absent:
        report.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(absent)})
        return report
    with transaction.atomic():
        lookups = _Lookups()
        seen = set()
        for line, values in enumerate(rows, start=2):
            if line > MAX_ROWS + 1:
                report.errors.append(_("More than %(count)s rows: split the file.") % {"count": MAX_ROWS})
                break
            cells = {mapping[i]: _text(v) for i, v in enumerate(values) if i in mapping}
            if not any(cells.values()):
                continue
            row = RowReport(line=line, code=cells.get("code", ""))
            report.rows.append(row)
            if row.code in seen:
                row.errors.append(_("The code %(code)s is already on an earlier line.") % {"code": row.code})
                continue
            seen.add(row.code)
            _apply_row(actor, cells, row, lookups)
        if not report.ok or dry_run:
            transaction.set_rollback(True)
    return report


def _apply_row(actor, cells, row: RowReport, lookups: _Lookups) -> None:
    existing = AdministrativeProcedure.objects.filter(code=row.code).first()
    before = export_row(existing) if existing else None
    try:
        with transaction.atomic():
            parsed = _parse(cells, lookups)
            procedure = procedure_write(actor=actor, procedure=existing, reason="imported", **parsed)
    except RowError as error:
        row.errors.append(str(error))
        return
    except ValidationError as error:
        row.errors.extend(_messages(error))
        return
    except Exception as error:  # noqa: BLE001 - FrozenRecord and the like: reported on the row
        row.errors.append(str(error))
        return
    after = export_row(AdministrativeProcedure.objects.get(pk=procedure.pk))
    if before is None:
        row.action = "create"
    else:
        row.changes = [
            header for (key, header), old, new in zip(COLUMNS, before, after, strict=False) if old != new
        ]
        row.action = "update" if row.changes else "unchanged"
