"""Document numbers from a type's pattern, e.g. ``{type}-{department}-{seq:02}`` -> ``QT-VP-03``."""

import string

from django.db import IntegrityError, transaction

from documents.models import Document, NumberSequence

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
    key = series_key(
        doc_type.numbering_pattern, type_code=doc_type.code, department_code=department.code, year=year
    )
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(key=key)
    except IntegrityError:
        pass  # another transaction created the row first; we lock it below
    sequence = NumberSequence.objects.select_for_update().get(key=key)
    seq = sequence.last_value
    while True:
        seq += 1
        number = render_number(
            doc_type.numbering_pattern,
            type_code=doc_type.code,
            department_code=department.code,
            year=year,
            seq=seq,
        )
        # Skip numbers taken outside the series (an import of an existing master list).
        if not Document.objects.filter(number=number).exists():
            break
    sequence.last_value = seq
    sequence.save(update_fields=["last_value"])
    return number
