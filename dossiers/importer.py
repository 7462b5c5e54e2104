"""Import of the provincial one-stop system's dossier export (CSV or XLSX) and of the same
rows sent to the REST API.

One row is one event of a dossier: its receipt (the dossier columns), a handling step
(``event`` = step), or a supplementation request (``event`` = supplement). The dossier
columns may be repeated on every row or given once; an empty cell keeps what is known.
Headers are matched without case or diacritics, in English or Vietnamese (COLUMNS).

Rows are read one at a time (csv, or openpyxl in read_only mode) and written in batches:
one query reads the dossiers of a batch, then one bulk upsert per table (dossiers by
code, steps by dossier and step, supplementations by dossier and request time). So the
same file imported twice leaves the same rows, and memory stays flat however long the
file. Each row is checked whole before it joins a batch, so a bad row is reported with
its line number and changes nothing, while the others are imported.

Bulk upserts write no history row per dossier; each import leaves a ``DossierImport``
record (who, when, the file's checksum, counts and refused lines) instead. Why not
simple_history's ``bulk_create_with_history``: it inserts, it does not upsert by code (a
re-sent dossier would fail or need a second pass to tell new from changed), and a history
row per dossier, step and supplementation doubles the rows written (a million more for a
province's year) to record what the one-stop system, the source of these records, already
keeps; the import record and the file's checksum say where each value came from. Changes
made here one by one (services: a calendar edit, an NC opened from a dossier) keep their
history rows with the officer.

Speed (benchmarks/dossiers.py): the rows become tuples, not model instances; header,
event, channel and step names are compared through a cache, and each date text is read
once per import (Resolver.moment); the working calendar answers from a set of working
days. On PostgreSQL each table's rows go by binary COPY into a temporary table and one
INSERT ... ON CONFLICT DO UPDATE ... WHERE IS DISTINCT FROM, so a row imported again
unchanged is not written again and steps are never read back into Python; the steps and
supplementations of the dossiers that statement inserted (RETURNING ... xmax = 0) go by
COPY straight into their table instead, as nothing stored can clash with them. The
batch's dossiers are read by one array parameter (their merge with the file's cells and
their supplementation pauses need them). Outside a caller's transaction the batches are
written by a BackgroundWriter thread while the next one is read, checked and prepared
(BatchWriter.prepare: due dates, outcomes, each step's row but for its dossier's id), so
the writer does little but database work: PostgreSQL's half of the import (index entries,
foreign-key checks at commit) overlaps Python's instead of following it. The indexes of
the imported tables are only those a page or a constraint needs (migrations 0003, 0006):
each costs an entry per imported row.
"""

import contextlib
import csv
import datetime
import functools
import hashlib
import io
import operator
import queue
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dossiers.calendar import WorkingCalendar, calendar_load
from dossiers.models import (
    Channel,
    Dossier,
    DossierImport,
    DossierStep,
    Outcome,
    Supplementation,
    survey_tokens_new,
)

BATCH_ROWS = 5000
MAX_ERRORS_KEPT = 1000

# Canonical column -> accepted headers (compared unaccented, lower case, "_" for spaces).
COLUMNS = {
    "dossier_code": ("dossier_code", "code", "ma_ho_so", "so_ho_so"),
    "procedure_code": ("procedure_code", "ma_tthc", "ma_thu_tuc", "ma_thu_tuc_hanh_chinh"),
    "applicant_name": ("applicant_name", "applicant", "nguoi_nop", "chu_ho_so", "to_chuc_ca_nhan"),
    "applicant_contact": ("applicant_contact", "contact", "lien_he", "so_dien_thoai", "dia_chi_lien_he"),
    "channel": ("channel", "kenh", "kenh_tiep_nhan", "hinh_thuc_nop"),
    "received_at": ("received_at", "ngay_tiep_nhan", "ngay_nhan"),
    "due_at": ("due_at", "ngay_hen_tra", "hen_tra"),
    "returned_at": ("returned_at", "ngay_tra_ket_qua", "ngay_tra"),
    "result": ("result", "ket_qua"),
    "event": ("event", "su_kien", "loai"),
    "step": ("step", "buoc", "buoc_xu_ly"),
    "department": ("department", "phong_ban", "don_vi", "don_vi_xu_ly"),
    "started_at": ("started_at", "bat_dau", "ngay_bat_dau", "ngay_yeu_cau"),
    "finished_at": ("finished_at", "ket_thuc", "ngay_ket_thuc", "ngay_bo_sung"),
    "step_due_at": ("step_due_at", "han_buoc", "han_xu_ly"),
    "note": ("note", "ghi_chu", "ly_do"),
}
HEADER_ALIASES = {alias: canonical for canonical, aliases in COLUMNS.items() for alias in aliases}
DOSSIER_FIELDS = (
    "applicant_name",
    "applicant_contact",
    "channel",
    "received_at",
    "due_at",
    "returned_at",
    "result",
)
CHANNELS = {
    "counter": Channel.COUNTER,
    "truc_tiep": Channel.COUNTER,
    "mot_cua": Channel.COUNTER,
    "online": Channel.ONLINE,
    "truc_tuyen": Channel.ONLINE,
    "dich_vu_cong": Channel.ONLINE,
    "post": Channel.POST,
    "buu_chinh": Channel.POST,
}
EVENTS = {
    "": "",
    "receipt": "",
    "tiep_nhan": "",
    "step": "step",
    "buoc": "step",
    "supplement": "supplement",
    "bo_sung": "supplement",
}


@functools.lru_cache(maxsize=4096)
def _key_cached(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("Đ", "D").replace("đ", "d").lower()
    return re.sub(r"[^a-z0-9]+", "_", stripped).strip("_")


def _key(text) -> str:
    """``text`` unaccented, lower case, "_" between words: how headers, events, channels,
    departments and step names are compared. The same few values come on every row of an
    import, hence the cache (a long text is not worth keeping)."""
    text = str(text or "")
    return _key_cached(text) if len(text) <= 64 else _key_cached.__wrapped__(text)


# The agency's time zone (settings.TIME_ZONE): deadlines are local, whoever imports.
# Django's own cached function, called as is: a million rows ask for it.
_local = timezone.get_default_timezone


class RowError(ValueError):
    pass


@dataclass
class Report:
    rows_read: int = 0
    rows_imported: int = 0
    dossier_codes: set = field(default_factory=set)
    errors: list = field(default_factory=list)  # [{"line": n, "message": "..."}]
    errors_total: int = 0

    def refuse(self, line: int, message: str) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append({"line": line, "message": str(message)})


@dataclass(slots=True)
class Row:
    line: int
    code: str
    procedure_code: str
    dossier: dict  # the dossier fields this row gives (non-empty only)
    event: str = ""
    step: str = ""
    department_id: int | None = None
    started_at: datetime.datetime | None = None
    finished_at: datetime.datetime | None = None
    step_due_at: datetime.datetime | None = None
    note: str = ""
    # Worked out before the batch is written (BatchWriter.prepare), when the batch's rows
    # name the procedure: (received_at, procedure pk, due date) of the dossier's receipt,
    # and (procedure pk, the step's row in STEP_COLUMNS but its dossier).
    receipt_due: tuple | None = None
    step_result: tuple | None = None


# --- reading ----------------------------------------------------------------------------


def rows_from_csv(stream) -> Iterator[tuple[int, dict]]:
    """(line number, {canonical column: text}) for each data row of a CSV file (UTF-8,
    with or without BOM; comma or semicolon)."""
    text = (
        stream
        if isinstance(stream, io.TextIOBase)
        else io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    )
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise RowError(_("The file is not UTF-8 text. Save it as CSV UTF-8 or as XLSX.")) from None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = _header(next(csv.reader([first], delimiter=delimiter), []))
    reader = csv.reader(text, delimiter=delimiter)
    names = [name for _i, name in header]
    width = max(i for i, _name in header) + 1
    pick = operator.itemgetter(*(i for i, _name in header)) if len(header) > 1 else None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise RowError(_("The file is not UTF-8 text. Save it as CSV UTF-8 or as XLSX.")) from None
        except csv.Error as error:
            raise RowError(
                _("Line %(line)s: the CSV is malformed (%(error)s).")
                % {"line": reader.line_num + 1, "error": error}
            ) from None
        if not "".join(row).strip():
            continue
        if pick is not None and len(row) >= width:
            yield reader.line_num + 1, dict(zip(names, pick(row), strict=True))
        else:
            yield reader.line_num + 1, {name: row[i] for i, name in header if i < len(row)}


def rows_from_xlsx(stream) -> Iterator[tuple[int, dict]]:
    """The same from the first sheet of an XLSX workbook, streamed (read_only)."""
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = _header(next(rows, ()) or ())
        for line, row in enumerate(rows, start=2):
            if not any(cell not in (None, "") for cell in row):
                continue
            yield line, {name: row[i] for i, name in header if i < len(row)}
    finally:
        workbook.close()


def _header(cells) -> list[tuple[int, str]]:
    header = [(i, HEADER_ALIASES.get(_key(cell))) for i, cell in enumerate(cells)]
    header = [(i, name) for i, name in header if name]
    found = {name for _i, name in header}
    if "dossier_code" not in found:
        raise RowError(
            _("The first row must name the columns; no “dossier_code” (Mã hồ sơ) column was found.")
        )
    return header


# --- checking one row ---------------------------------------------------------------------

DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y")


def _parse_text(text: str, column: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise RowError(
        _("%(column)s: “%(value)s” is not a date (use YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM).")
        % {"column": column, "value": text[:40]}
    )


def parse_moment(value, column: str) -> datetime.datetime | None:
    """``value`` (a text, date or datetime) as a moment, in the agency's time zone when it
    names none; None when empty. Raises RowError naming ``column``."""
    if value is None or value == "":
        return None
    if type(value) is str:
        text = value.strip()
        if not text:
            return None
        moment = _parse_text(text, column)
    elif isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(0))
    else:
        moment = _parse_text(str(value).strip(), column)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_local())
    if not (1990 <= moment.year <= 2100):
        raise RowError(
            _("%(column)s: the year %(year)s is out of range.") % {"column": column, "year": moment.year}
        )
    return moment


def _text(value, limit: int) -> str:
    if value is None or value == "":
        return ""
    text = value.strip() if type(value) is str else str(value).strip()
    if "\x00" in text:
        raise RowError(_("The row contains a NUL character."))
    return text[:limit]


class Resolver:
    """Procedures, departments and procedure steps by code, read once per import; and the
    date texts of the import as moments (a step starts when the one before it finished:
    the same texts come again and again)."""

    MOMENTS_KEPT = 10_000

    def __init__(self):
        from organisation.models import Department
        from procedures.models import AdministrativeProcedure, ProcedureStep

        self.procedures = {
            code: (pk, department_id, time, unit)
            for pk, code, department_id, time, unit in AdministrativeProcedure.objects.values_list(
                "pk", "code", "department_id", "processing_time", "processing_time_unit"
            )
        }
        self.procedure_by_pk = {value[0]: value for value in self.procedures.values()}
        self.departments = {_key(code): pk for pk, code in Department.objects.values_list("pk", "code")}
        self.step_limits = {}
        for procedure_id, order, name, limit, unit in ProcedureStep.objects.filter(
            time_limit__isnull=False
        ).values_list("procedure_id", "order", "name", "time_limit", "time_unit"):
            self.step_limits[(procedure_id, _key(name))] = (limit, unit)
            self.step_limits[(procedure_id, str(order))] = (limit, unit)
        self._step_limit_of: dict = {}
        self._moments: dict[str, datetime.datetime] = {}
        self.zone = _local()

    def moment(self, value, column: str) -> datetime.datetime | None:
        """parse_moment(value, column), a text read before answered from memory."""
        if type(value) is not str or not value:
            return parse_moment(value, column)
        moment = self._moments.get(value)
        if moment is None:
            try:  # the usual text, ISO 8601 without zone: no need for parse_moment's steps
                moment = datetime.datetime.fromisoformat(value)
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is None and 1990 <= moment.year <= 2100:
                moment = moment.replace(tzinfo=self.zone)
            else:
                moment = parse_moment(value, column)
                if moment is None:
                    return None
            if len(self._moments) >= self.MOMENTS_KEPT:
                self._moments.clear()
            self._moments[value] = moment
        return moment

    def step_limit(self, procedure_id, step: str):
        """The procedure's (time limit, unit) for ``step`` (matched by name, or by its
        number before a dot), or None; worked out once per step name."""
        key = (procedure_id, step)
        if key not in self._step_limit_of:
            limits = self.step_limits
            self._step_limit_of[key] = limits.get((procedure_id, _key(step))) or limits.get(
                (procedure_id, step.split(".")[0].strip())
            )
        return self._step_limit_of[key]


def row_check(line: int, data: dict, resolver: Resolver) -> Row:
    """A row checked whole; raises RowError with a message for the report."""
    get = data.get
    code = _text(get("dossier_code"), 60)
    if not code:
        raise RowError(_("The dossier code is empty."))
    procedure_code = _text(get("procedure_code"), 30)
    if procedure_code and procedure_code not in resolver.procedures:
        raise RowError(_("Unknown procedure code “%(code)s”.") % {"code": procedure_code})
    event = EVENTS.get(_key(get("event")))
    if event is None:
        raise RowError(_("Unknown event “%(value)s” (step or supplement).") % {"value": get("event")})
    row = Row(line, code, procedure_code, _dossier_fields(data, resolver), event)
    if event:
        _event_check(row, data, resolver)
    return row


def _dossier_fields(data: dict, resolver: Resolver) -> dict:
    """The dossier columns the row gives (a step row usually gives none: no call is made
    for an empty cell, a million rows long)."""
    dossier = {}
    get = data.get
    for name, limit in (("applicant_name", 200), ("applicant_contact", 200), ("result", 300)):
        value = get(name)
        if value is not None and value != "":
            value = _text(value, limit)
            if value:
                dossier[name] = value
    channel = get("channel")
    channel = _key(channel) if channel is not None and channel != "" else ""
    if channel:
        if channel not in CHANNELS:
            raise RowError(
                _("Unknown channel “%(value)s” (counter, online or post).") % {"value": data.get("channel")}
            )
        dossier["channel"] = CHANNELS[channel]
    for name in ("received_at", "due_at", "returned_at"):
        value = get(name)
        if value is not None and value != "":
            moment = resolver.moment(value, name)
            if moment is not None:
                dossier[name] = moment
    if dossier:
        _dates_check(dossier)
    return dossier


def _dates_check(values: dict) -> None:
    received = values.get("received_at")
    if received and values.get("returned_at") and values["returned_at"] < received:
        raise RowError(_("The result cannot be returned before the dossier was received."))
    if received and values.get("due_at") and values["due_at"] < received:
        raise RowError(_("The due date cannot be before the dossier was received."))


def _event_check(row: Row, data: dict, resolver: Resolver) -> None:
    get, moment = data.get, resolver.moment
    row.started_at = started = moment(get("started_at"), "started_at")
    row.finished_at = finished = moment(get("finished_at"), "finished_at")
    row.note = _text(get("note"), 500)
    if started is None:
        raise RowError(_("A step or supplementation needs its start (started_at)."))
    if finished is not None and finished < started:
        raise RowError(_("The end is before the start."))
    if row.event == "step":
        row.step = _text(get("step"), 300)
        if not row.step:
            raise RowError(_("A step row needs the step."))
        department = _key(get("department"))
        if department:
            if department not in resolver.departments:
                raise RowError(_("Unknown department code “%(code)s”.") % {"code": get("department")})
            row.department_id = resolver.departments[department]
        row.step_due_at = moment(get("step_due_at"), "step_due_at")


# --- outcomes ------------------------------------------------------------------------------


def outcome_of(done: datetime.datetime | None, deadline: datetime.datetime | None, zone=None) -> str:
    """Early: returned on a day before the deadline's day (in ``zone``, by default the
    agency's); on time: by the deadline; late: after."""
    if done is None or deadline is None:
        return Outcome.PENDING
    if done > deadline:
        return Outcome.LATE
    zone = zone or _local()
    if done.astimezone(zone).date() < deadline.astimezone(zone).date():
        return Outcome.EARLY
    return Outcome.ON_TIME


def due_of(cal: WorkingCalendar, received_at: datetime.datetime, time, unit: str) -> datetime.datetime:
    """The receipt plus the procedure's time limit (``time`` in ``unit``), in working time."""
    return cal.add_limit(received_at.astimezone(_local()), time, unit)


def step_due_of(cal: WorkingCalendar, limit: tuple | None, started_at: datetime.datetime):
    """A step's start plus its time limit ((amount, unit) from Resolver.step_limit) in
    working time; None without a limit, or outside the calendar's years."""
    if limit is None:
        return None
    try:
        return cal.add_limit(started_at.astimezone(_local()), limit[0], limit[1])
    except ValueError:
        return None


def deadline_of(cal: WorkingCalendar, due_at, pauses: Iterable[tuple]) -> datetime.datetime:
    """The due date moved by the working hours the clock stood still (requested -> supplied;
    a request not yet answered stops the clock until now)."""
    now = timezone.now()
    paused = 0.0
    for requested, supplied in pauses:
        paused += cal.working_hours_between(
            requested.astimezone(_local()), (supplied or now).astimezone(_local())
        )
    if not paused:
        return due_at
    return cal.add_working_hours(due_at.astimezone(_local()), paused)


# --- upserts ---------------------------------------------------------------------------

DOSSIER_COLUMNS = [
    "code",
    "procedure_id",
    "department_id",
    "applicant_name",
    "applicant_contact",
    "channel",
    "received_at",
    "due_at",
    "due_at_given",
    "deadline_at",
    "returned_at",
    "result",
    "outcome",
    "updated_at",
    "survey_token",  # only for new rows: never updated
]
STEP_COLUMNS = [
    "dossier_id",
    "step",
    "department_id",
    "started_at",
    "finished_at",
    "due_at",
    "due_at_given",
    "outcome",
]
SUPPLEMENTATION_COLUMNS = ["dossier_id", "requested_at", "supplied_at", "reason"]
KEEP_ON_UPDATE = {"survey_token"}
# Left out when deciding whether a row changed, so a file imported again writes nothing.
NOT_COMPARED = {"updated_at"}


_COPY_TYPES: dict[str, list[int]] = {}  # the type of each column copied, by table


def _copy(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    """``rows`` into ``table`` by binary COPY (half the CPU of formatting every date as
    text: benchmarks/dossiers.py). ``cursor`` is psycopg's."""
    names = ", ".join(columns)
    key = f"{table}({names})"
    if key not in _COPY_TYPES:
        cursor.execute(f"SELECT {names} FROM {table} LIMIT 0")  # noqa: S608 - names from our own lists
        _COPY_TYPES[key] = [column.type_code for column in cursor.description]
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(_COPY_TYPES[key])
        write_row = copy.write_row
        for row in rows:
            write_row(row)


def upsert(
    model, rows: list[tuple], columns: list[str], *, conflict: list[str], returning: str | None = None
) -> tuple[int, list]:
    """Insert ``rows`` (tuples in the order of ``columns``) or update the rows with the same
    ``conflict`` key. Answers (rows inserted or changed, [(``returning`` column, pk, whether
    inserted)] of those rows). On PostgreSQL a row whose values are all the same is left
    alone (neither counted nor returned): the rows go through COPY into a temporary table
    and one INSERT ... ON CONFLICT DO UPDATE ... WHERE IS DISTINCT FROM (several times
    faster than a VALUES list compiled by the ORM). Elsewhere through
    bulk_create(update_conflicts=True), which writes and counts every row (callers leave
    out the unchanged ones first) and answers "not inserted" for every row."""
    update = [c for c in columns if c not in conflict and c not in KEEP_ON_UPDATE]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows],
            update_conflicts=True,
            unique_fields=[c.removesuffix("_id") for c in conflict],
            update_fields=[c.removesuffix("_id") for c in update],
        )
        if returning is None:
            return len(rows), []
        position = columns.index(returning)
        return len(rows), [
            (value, pk, False)
            for value, pk in model.objects.filter(
                **{f"{returning}__in": [row[position] for row in rows]}
            ).values_list(returning, "pk")
        ]
    table = model._meta.db_table
    names = ", ".join(columns)
    compared = [c for c in update if c not in NOT_COMPARED]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS tmp_{table} AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608 - names from our own lists
        )
        cursor.execute(f"TRUNCATE tmp_{table}")
        _copy(cursor.cursor, f"tmp_{table}", columns, rows)
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in update)
        changed = (
            f"({', '.join(f'{table}.{c}' for c in compared)}) IS DISTINCT FROM "
            f"({', '.join(f'EXCLUDED.{c}' for c in compared)})"
        )
        # xmax is 0 on a row this statement inserted, our transaction's id on one it updated
        tail = f" RETURNING {returning}, id, xmax = 0" if returning else ""
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM tmp_{table} "  # noqa: S608
            f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {sets} WHERE {changed}{tail}"
        )
        written, returned = cursor.rowcount, cursor.fetchall() if returning else []
        # left empty: the connection outlives the import (DB_CONN_MAX_AGE), its rows need not
        cursor.execute(f"TRUNCATE tmp_{table}")
        return written, returned


def insert(model, rows: list[tuple], columns: list[str]) -> int:
    """Insert ``rows``, known to be new (the events of dossiers inserted in the same
    transaction): on PostgreSQL by binary COPY straight into the table, without the
    temporary table and the conflict checks of upsert()."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows])
    else:
        with connection.cursor() as cursor:
            _copy(cursor.cursor, model._meta.db_table, columns, rows)
    return len(rows)


# --- writing a batch --------------------------------------------------------------------------


# The columns of DOSSIER_COLUMNS that say whether a dossier imported again has changed.
COMPARED = [c for c in DOSSIER_COLUMNS if c not in {"code", "updated_at", "survey_token"}]
_COMPARED_AT = [DOSSIER_COLUMNS.index(c) for c in COMPARED]


def _dossier_changed(row: tuple, known: dict | None) -> bool:
    if known is None:
        return True
    return any(row[i] != known[c] for i, c in zip(_COMPARED_AT, COMPARED, strict=True))


# The stored values of a dossier that the rows of a batch are merged with.
KNOWN_COLUMNS = ("id", "code", "procedure_id", "department_id", "due_at_given", "deadline_at", "outcome")


def _fast_timestamps(cursor) -> None:
    """Let ``cursor`` (psycopg's) read timestamps with psycopg's own C loader, not Django's
    Python one that re-attaches the time zone (five times slower; the values are the same
    instants, in UTC)."""
    import psycopg
    from psycopg.pq import Format

    oid = psycopg.adapters.types["timestamptz"].oid
    cursor.adapters.register_loader(oid, psycopg.adapters.get_loader(oid, Format.TEXT))


def _dossiers_known(codes: list[str]) -> dict[str, dict]:
    """{code: stored values} of the dossiers among ``codes`` (one query)."""
    columns = (*KNOWN_COLUMNS, *DOSSIER_FIELDS)
    if connection.vendor != "postgresql":
        rows = Dossier.objects.filter(code__in=codes).values_list(*columns)
    else:
        # One array parameter, not an IN list of a thousand that the driver splices in.
        with connection.cursor() as cursor:
            _fast_timestamps(cursor.cursor)
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {Dossier._meta.db_table} WHERE code = ANY(%s)",  # noqa: S608
                [codes],
            )
            rows = cursor.fetchall()
    names = ("pk", *columns[1:])
    return {row[1]: dict(zip(names, row, strict=True)) for row in rows}


def _events_known(pks: list[int], *, steps: bool) -> tuple[dict, dict]:
    """The stored pauses of these dossiers ({dossier: {requested: supplied}}) and, with
    ``steps``, their steps and supplementations as they would be written ({key: row}), so
    that a row imported again unchanged is not written again where the upsert cannot tell
    (not PostgreSQL)."""
    pauses: dict[int, dict] = {}
    events: dict[tuple, tuple] = {}
    if not pks:
        return pauses, events
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _fast_timestamps(cursor.cursor)
            cursor.execute(
                f"SELECT {', '.join(SUPPLEMENTATION_COLUMNS)} FROM {Supplementation._meta.db_table} "  # noqa: S608
                "WHERE dossier_id = ANY(%s)",
                [pks],
            )
            supplementations = cursor.fetchall()
    else:
        supplementations = Supplementation.objects.filter(dossier_id__in=pks).values_list(
            *SUPPLEMENTATION_COLUMNS
        )
    for row in supplementations:
        pauses.setdefault(row[0], {})[row[1]] = row[2]
        events[("supplement", row[0], row[1])] = tuple(row)
    if steps:
        for row in DossierStep.objects.filter(dossier_id__in=pks).values_list(*STEP_COLUMNS):
            events[("step", row[0], row[1])] = row
    return pauses, events


class BatchWriter:
    """Writes the checked rows of one batch: the dossiers' columns are worked out in Python
    (due dates and deadlines from the working calendar, outcomes) and written as tuples, not
    model instances (a million of those cost more than the database's work).

    What is stored is read only as far as the rows need it: the batch's dossiers (one query
    by code) and their supplementation pauses (few). Steps and supplementations are not
    read back on PostgreSQL: the upsert itself skips the rows whose values are the same."""

    def __init__(self, resolver: Resolver, cal: WorkingCalendar, report: Report):
        self.resolver, self.cal, self.report = resolver, cal, report
        self._known_events: dict = {}
        self.rows_written = 0  # dossiers, steps and supplementations inserted or changed

    def write(self, by_code: dict[str, list[Row]]) -> None:
        """Write a batch as prepare() answered it: its rows by dossier code."""
        existing = _dossiers_known(list(by_code))
        pauses, self._known_events = _events_known(
            [d["pk"] for d in existing.values()], steps=connection.vendor != "postgresql"
        )
        now = timezone.now()
        tokens = survey_tokens_new(len(by_code))
        dossiers, accepted = [], []
        for code, code_rows in by_code.items():
            try:
                dossier = self._dossier(code, code_rows, existing.get(code), pauses, now, tokens.pop())
            except RowError as error:
                for row in code_rows:
                    self.report.refuse(row.line, error)
                continue
            dossiers.append(dossier)
            accepted.append(code_rows)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A batch need not wait for the disk: the import is idempotent, so a batch
                # lost in a crash is written again by importing the file again.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            self._write(dossiers, accepted, existing)
        self.report.rows_imported += sum(map(len, accepted))
        self.report.dossier_codes.update(d[0] for d in dossiers)

    def _dossier(self, code, rows, known, pauses, now, token) -> tuple:
        """The dossier's row, in the order of DOSSIER_COLUMNS (``token``: its survey token,
        if it is new)."""
        values = dict(known) if known else {}
        procedure_code, given, supplements = "", {}, []
        for row in rows:  # the last procedure code given, the cells given, the pauses
            if row.procedure_code:
                procedure_code = row.procedure_code
            if row.dossier:
                given.update(row.dossier)
            if row.event == "supplement":
                supplements.append(row)
        if procedure_code:
            pk, department_id, _time, _unit = self.resolver.procedures[procedure_code]
            values["procedure_id"], values["department_id"] = pk, department_id
        elif not known:
            raise RowError(_("Dossier %(code)s is not known yet: give its procedure code.") % {"code": code})
        values.update(given)
        if not values.get("received_at"):
            raise RowError(_("Dossier %(code)s has no received_at date.") % {"code": code})
        values["due_at"], due_given = self._due(values, given, known, rows)
        _dates_check(values)
        deadline = self._deadline(values["due_at"], pauses.get(values.get("pk"), {}), supplements)
        returned_at = values.get("returned_at")
        return (
            code,
            values["procedure_id"],
            values["department_id"],
            values.get("applicant_name") or "",
            values.get("applicant_contact") or "",
            values.get("channel") or Channel.COUNTER,
            values["received_at"],
            values["due_at"],
            due_given,
            deadline,
            returned_at,
            values.get("result") or "",
            outcome_of(returned_at, deadline),
            now,
            token,
        )

    def _deadline(self, due_at, stored_pauses: dict, supplements: list[Row]) -> datetime.datetime:
        """The due date moved by the dossier's pauses, stored and in the batch."""
        pauses = stored_pauses
        if supplements:
            pauses = {**pauses, **{row.started_at: row.finished_at for row in supplements}}
        if not pauses:
            return due_at
        try:
            return deadline_of(self.cal, due_at, pauses.items())
        except ValueError as error:
            raise RowError(str(error)) from None

    def _due(
        self, values: dict, given: dict, known: dict | None, rows: list[Row]
    ) -> tuple[datetime.datetime, bool]:
        """(due date, whether the one-stop system gave it): the due date given, else the
        one known (same receipt and procedure), else the receipt plus the procedure's time
        limit."""
        if given.get("due_at"):
            return given["due_at"], True
        if known and "received_at" not in given and values["procedure_id"] == known["procedure_id"]:
            return known["due_at"], known["due_at_given"]
        prepared = rows[-1].receipt_due
        if prepared is not None and prepared[:2] == (values["received_at"], values["procedure_id"]):
            return prepared[2], False
        _pk, _department, time, unit = self.resolver.procedure_by_pk[values["procedure_id"]]
        try:
            return due_of(self.cal, values["received_at"], time, unit), False
        except ValueError as error:
            raise RowError(str(error)) from None

    def _write(self, dossiers: list[tuple], accepted: list[list[Row]], existing: dict) -> None:
        """Write ``dossiers`` (their rows) and the events of ``accepted`` (the rows of each
        of them, in the same order)."""
        if not dossiers:
            return
        ids, inserted = self._dossiers_write(dossiers, existing)
        steps, supplementations = {}, {}
        for dossier, rows in zip(dossiers, accepted, strict=True):
            dossier_id, procedure_id = ids[dossier[0]], dossier[1]
            for row in rows:
                if row.event == "step":
                    steps[(dossier_id, row.step)] = self._step_row(row, dossier_id, procedure_id)
                elif row.event == "supplement":
                    supplementations[(dossier_id, row.started_at)] = (
                        dossier_id,
                        row.started_at,
                        row.finished_at,
                        row.note,
                    )
        known = self._known_events
        if connection.vendor != "postgresql":  # leave out what is stored as it is
            steps = {key: row for key, row in steps.items() if known.get(("step", *key)) != row}
        supplementations = {
            key: row for key, row in supplementations.items() if known.get(("supplement", *key)) != row
        }
        self._events_write(DossierStep, steps, STEP_COLUMNS, "step", inserted)
        self._events_write(
            Supplementation, supplementations, SUPPLEMENTATION_COLUMNS, "requested_at", inserted
        )

    def _dossiers_write(self, dossiers: list[tuple], existing: dict) -> tuple[dict, set]:
        """Upsert the batch's dossiers that changed; answers ({code: pk} of all of them,
        {pk} of those this batch inserted)."""
        ids = {code: known["pk"] for code, known in existing.items()}
        inserted = set()
        changed = [d for d in dossiers if _dossier_changed(d, existing.get(d[0]))]
        if changed:
            written, returned = upsert(Dossier, changed, DOSSIER_COLUMNS, conflict=["code"], returning="code")
            self.rows_written += written
            for code, pk, new in returned:
                ids[code] = pk
                if new:
                    inserted.add(pk)
        missing = [d[0] for d in dossiers if d[0] not in ids]
        if missing:  # written meanwhile by another import, with the same values
            ids.update(Dossier.objects.filter(code__in=missing).values_list("code", "pk"))
        return ids, inserted

    def _events_write(self, model, events: dict, columns: list[str], key: str, inserted: set) -> None:
        """Steps or supplementations ({(dossier pk, key): row}): those of the dossiers just
        inserted go straight in (nothing stored can clash with them: no other transaction
        saw these dossiers), the others are upserted on (dossier, key)."""
        new = [row for row in events.values() if row[0] in inserted]
        others = [row for row in events.values() if row[0] not in inserted] if new else list(events.values())
        if new:
            self.rows_written += insert(model, new, columns)
        if others:
            self.rows_written += upsert(model, others, columns, conflict=["dossier_id", key])[0]

    def prepare(self, rows: list[Row]) -> dict[str, list[Row]]:
        """The batch's rows by dossier code, for write(), with what needs no stored value
        worked out: the receipt's due date and each step's due date and outcome, where the
        batch's rows name the dossier's procedure (those of a dossier known only by its
        code wait for write()). With a BackgroundWriter this runs on the reading thread
        while the database writes the batch before (the Python work of the two threads
        cannot run at once; the database's can)."""
        by_code: dict[str, list[Row]] = {}
        for row in rows:
            by_code.setdefault(row.code, []).append(row)
        zone = _local()
        for code_rows in by_code.values():
            procedure_code = next((r.procedure_code for r in reversed(code_rows) if r.procedure_code), "")
            if not procedure_code:
                continue
            procedure_id, _department, time, unit = self.resolver.procedures[procedure_code]
            received = next(
                (r.dossier["received_at"] for r in reversed(code_rows) if "received_at" in r.dossier), None
            )
            if received is not None:
                # read by _due() from the dossier's last row of the batch; outside the
                # calendar, write() refuses the dossier with the message
                with contextlib.suppress(ValueError):
                    code_rows[-1].receipt_due = (
                        received,
                        procedure_id,
                        due_of(self.cal, received, time, unit),
                    )
            for row in code_rows:
                if row.event == "step":
                    due = (
                        row.step_due_at if row.step_due_at is not None else self._step_due(procedure_id, row)
                    )
                    row.step_result = (procedure_id, self._step_columns(row, due, zone))
        return by_code

    def _step_row(self, row: Row, dossier_id: int, procedure_id: int) -> tuple:
        """The step's row, in the order of STEP_COLUMNS."""
        prepared = row.step_result
        if prepared is not None and prepared[0] == procedure_id:
            return (dossier_id, *prepared[1])
        due = row.step_due_at if row.step_due_at is not None else self._step_due(procedure_id, row)
        return (dossier_id, *self._step_columns(row, due, _local()))

    @staticmethod
    def _step_columns(row: Row, due, zone) -> tuple:
        """The step's row but its dossier (STEP_COLUMNS[1:]), its due date being ``due``."""
        return (
            row.step,
            row.department_id,
            row.started_at,
            row.finished_at,
            due,
            row.step_due_at is not None,
            outcome_of(row.finished_at, due, zone),
        )

    def _step_due(self, procedure_id, row: Row):
        return step_due_of(self.cal, self.resolver.step_limit(procedure_id, row.step), row.started_at)


class BackgroundWriter:
    """Writes the batches on a thread of its own, with its own database connection, while
    the caller reads and checks the next batch: PostgreSQL's work on one batch (index
    entries, foreign-key checks at commit) overlaps Python's on the next, instead of
    following it (benchmarks/dossiers.py: about half the wall time of an import).

    At most one batch waits in the queue, so memory stays at a few batches. Each batch is
    still its own transaction. The first error stops the writing; ``close`` raises it."""

    def __init__(self, writer: BatchWriter):
        self.writer, self.error = writer, None
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._language = translation.get_language()
        self._thread = threading.Thread(target=self._run, name="dossier-import-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        translation.activate(self._language)  # the refusals' messages, in the officer's language
        try:
            while (batch := self._queue.get()) is not None:
                if self.error is None:
                    try:
                        self.writer.write(batch)
                    except BaseException as error:  # noqa: BLE001 - handed to the caller by close()
                        self.error = error
        finally:
            connections.close_all()  # this thread's connection only

    def write(self, batch: dict[str, list[Row]]) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put(batch)

    def close(self, *, raise_error: bool = True) -> None:
        """Wait for the batches handed over; raise the writer's error, if any."""
        self._queue.put(None)
        self._thread.join()
        if self.error is not None and raise_error:
            raise self.error


def _overlap() -> bool:
    """Whether batches may be written on a thread of their own: on PostgreSQL, when the
    caller holds no transaction (another connection would not see its rows, nor would its
    rollback undo the batches)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def rows_import(rows: Iterable[tuple[int, dict]], *, batch_rows: int = BATCH_ROWS) -> Report:
    """Check and write ``rows`` ((line, {column: value})); returns the report, its refused
    rows in the order of their lines."""
    report = Report()
    resolver = Resolver()
    year = timezone.localdate().year
    cal = calendar_load(year - 6, year + 2)
    writer = BatchWriter(resolver, cal, Report())
    sink: BatchWriter | BackgroundWriter = writer
    batch: list[Row] = []
    try:
        for line, data in rows:
            report.rows_read += 1
            try:
                batch.append(row_check(line, data, resolver))
            except RowError as error:
                report.refuse(line, error)
                continue
            if len(batch) >= batch_rows:
                if sink is writer and _overlap():  # a full batch, more may follow: worth a thread
                    sink = BackgroundWriter(writer)
                sink.write(writer.prepare(batch))
                batch = []
        if batch:
            sink.write(writer.prepare(batch))
    except BaseException:
        if sink is not writer:  # the reader's error (a malformed file) is the one to tell
            sink.close(raise_error=False)
        raise
    if sink is not writer:
        sink.close()
    _merge(report, writer.report)
    if writer.rows_written:  # a file imported again unchanged leaves the figures as they are
        from dossiers.figures import figures_refresh

        figures_refresh()
    return report


def _merge(report: Report, written: Report) -> None:
    """The refusals of the rows read and of the batches written, by line."""
    report.rows_imported += written.rows_imported
    report.dossier_codes |= written.dossier_codes
    report.errors_total += written.errors_total
    report.errors = sorted(report.errors + written.errors, key=lambda error: error["line"])[:MAX_ERRORS_KEPT]


def file_rows(uploaded, name: str) -> Iterator[tuple[int, dict]]:
    if name.lower().endswith(".xlsx"):
        return rows_from_xlsx(uploaded)
    return rows_from_csv(uploaded)


def checksum_of(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in (
        uploaded.chunks() if hasattr(uploaded, "chunks") else iter(lambda: uploaded.read(1 << 20), b"")
    ):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def import_record(
    *, actor, source: str, report: Report, file_name: str = "", checksum: str = ""
) -> DossierImport:
    return DossierImport.objects.create(
        source=source,
        file_name=file_name[:255],
        checksum=checksum,
        imported_by=actor,
        rows_read=report.rows_read,
        rows_imported=report.rows_imported,
        dossiers_touched=len(report.dossier_codes),
        errors=report.errors,
    )
