"""The dry-run report as CSV (one line per row). Cells that a spreadsheet would read as a
formula are written with a leading apostrophe, so opening the report never runs one."""

import csv
import io

COLUMNS = [
    "line",
    "file",
    "action",
    "message",
    "number",
    "revision",
    "status",
    "effective_date",
    "type",
    "department",
    "title",
    "checksum",
    "attachments",
    "warnings",
]


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def plan_rows(plan, results=None):
    for index, row in enumerate(plan):
        cells = {
            **row,
            "attachments": " | ".join(a["file"] for a in row.get("attachments") or []),
            "warnings": " | ".join(row.get("warnings", [])),
        }
        if results and str(index) in results:
            cells["action"] = results[str(index)]["outcome"]
            cells["message"] = results[str(index)]["message"]
        yield [_safe(cells.get(column)) for column in COLUMNS]


def plan_csv(plan, results=None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(plan_rows(plan, results))
    return out.getvalue()
