"""Document numbers from a type's pattern, e.g. ``{type}-{department}-{seq:02}`` -> ``QT-VP-03``."""

import string

from documents.models import Document
from qms.sequences import sequence_next

_SEQ_SENTINEL = "\x00seq\x00"


def render_number(pattern: str, *, type_code: str, department_code: str, year: int, seq: int) -> str:
    return pattern.format(type=type_code, department=department_code, year=year, seq=seq)


def series_key(pattern: str, *, type_code: str, department_code: str, year: int) -> str:
    """The pattern with everything but {seq} filled in: one counter per series."""
    parts = []
    for literal, field, spec, _conversion in string.Formatter().parse(pattern):
        parts.append(literal)
        if field is None:
            continue
        if field == "seq":
            parts.append(_SEQ_SENTINEL)
        else:
            parts.append(
                format({"type": type_code, "department": department_code, "year": year}[field], spec or "")
            )
    return "".join(parts).replace(_SEQ_SENTINEL, "{seq}")


def number_next(*, doc_type, department, year: int) -> str:
    """Reserve the next free number of the series. Caller runs inside a transaction;
    the series row stays locked until it commits, so concurrent registrations queue."""
    fields = {"type_code": doc_type.code, "department_code": department.code, "year": year}

    def number(seq: int) -> str:
        return render_number(doc_type.numbering_pattern, seq=seq, **fields)

    # Skip numbers taken outside the series (an import of an existing master list).
    seq = sequence_next(
        series_key(doc_type.numbering_pattern, **fields),
        taken=lambda seq: Document.objects.filter(number=number(seq)).exists(),
    )
    return number(seq)
