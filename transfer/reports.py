"""The dry-run report as CSV (one line per row, with the import's outcome once there is
one), written a line at a time from the batch's rows. Cells that a spreadsheet would read
as a formula are written with a leading apostrophe, so opening the report never runs one."""

import csv

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
CHUNK = 1000


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_cells(row) -> list[str]:
    """The CSV cells of one ImportRow."""
    data = row.data
    cells = {
        **data,
        "attachments": " | ".join(a["file"] for a in data.get("attachments") or []),
        "warnings": " | ".join(data.get("warnings", [])),
    }
    if row.outcome:
        cells["action"], cells["message"] = row.outcome, row.message
    return [_safe(cells.get(column)) for column in COLUMNS]


class _Line:
    """csv.writer's file: hands back the line it was given."""

    def write(self, line):
        return line


def report_lines(batch):
    """The report, line by line (the header first), reading the rows CHUNK at a time."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for row in batch.rows.order_by("position").iterator(chunk_size=CHUNK):
        yield writer.writerow(report_cells(row))


def plan_csv(batch) -> str:
    return "".join(report_lines(batch))
