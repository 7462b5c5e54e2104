"""Reading a master list (XLSX or CSV) into rows of plain text.

Formulas are never evaluated: openpyxl reads the formula text (``=...``), which is kept
as text with a warning. Headers are matched in English or Vietnamese, with or without
diacritics. Dates: real spreadsheet dates, ISO (2024-03-01), or day first (01/03/2024,
01-03-2024, 01.03.2024); anything else is an error line for that row.
"""

import csv
import datetime
import io
import re
import unicodedata

from django.utils.translation import gettext as _

COLUMNS = {
    "number": ("number", "no", "document number", "so hieu", "ma so", "ma tai lieu", "so"),
    "title": ("title", "name", "ten", "ten tai lieu", "tieu de"),
    "type": ("type", "document type", "loai", "loai tai lieu"),
    "department": ("department", "dept", "phong ban", "don vi", "bo phan"),
    "owner": ("owner", "nguoi phu trach", "chu so huu", "nguoi soan thao"),
    "revision": ("revision", "rev", "lan ban hanh", "phien ban", "lan sua doi"),
    "effective_date": ("effective date", "ngay hieu luc", "ngay ban hanh"),
    "review_period": ("review period", "review period months", "chu ky xem xet"),
    "issuer": ("issuer", "external issuer", "co quan ban hanh", "noi ban hanh"),
    "reference": ("reference", "external reference", "source reference", "so ky hieu"),
    "files": ("file", "files", "file name", "file names", "file name(s)", "tep", "ten tep"),
    "status": ("status", "trang thai"),
    "change_summary": ("change summary", "noi dung sua doi"),
    "checksum": ("checksum", "sha-256", "sha256"),
}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s_]+", " ", text).strip().lower()


_HEADER = {_plain(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


class MasterListError(Exception):
    pass


def parse_date(value) -> tuple[datetime.date | None, str]:
    """(date, error message)."""
    if value in (None, ""):
        return None, ""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date(), ""
        except ValueError:
            continue
    return None, _("date not understood: %(value)s (use 2024-03-31 or 31/03/2024)") % {"value": text}


def _cell(value, warnings: list, column: str):
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())
        if value.startswith("="):
            warnings.append(
                _("column %(column)s holds a formula, kept as text and not evaluated: %(value)s")
                % {"column": column, "value": value}
            )
    return value


def read_master_list(path) -> list[dict]:
    """Rows as dicts of the COLUMNS keys plus ``line`` and ``warnings``."""
    path = str(path)
    if path.lower().endswith(".xlsx"):
        raw = _xlsx_rows(path)
    elif path.lower().endswith(".csv"):
        raw = _csv_rows(path)
    else:
        raise MasterListError(_("The master list must be an .xlsx or .csv file."))
    try:
        header = next(raw)
    except StopIteration:
        raise MasterListError(_("The master list is empty.")) from None
    keys = [_HEADER.get(_plain(h or "")) for h in header]
    if "number" not in keys and "files" not in keys:
        raise MasterListError(_("The master list needs a 'number' or a 'file name' column."))
    rows = []
    for line, values in enumerate(raw, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        row = {"line": line, "warnings": []}
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = _cell(value, row["warnings"], key)
        rows.append(row)
    return rows


def _xlsx_rows(path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise MasterListError(_("The master list could not be read: %(error)s") % {"error": exc}) from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(path):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    yield from csv.reader(io.StringIO(text), dialect)
