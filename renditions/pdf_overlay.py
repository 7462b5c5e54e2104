"""Drawing one laid-out page over many pages of another PDF, cheaply (pypdf only).

``renditions.rendering`` lays out the page furniture (header, footer, watermark) or the
per-download stamp once per page size with WeasyPrint; this module draws that page over
every page of the document:

- the overlay's content stream is added to the output once and every page lists it in
  its ``/Contents`` after its own streams, which are kept as they are (neither decoded
  nor compressed again), between a shared ``q`` and ``Q`` so that their graphics state
  does not leak into the overlay;
- the overlay's resources are copied under names of their own (``/qms1-…``), so they
  never clash with the page's, nor with an earlier overlay's (a PDF stamped twice);
- its text stays page text (not a form XObject, which text extractors such as pdfminer
  set apart), so "Page: 3/20" reads as one line.

A page number differs on every page: the furniture is laid out with placeholder digits
(``PAGE_DIGITS``) drawn last; ``take_page_number_slot`` removes them and remembers their
font, size, colour, place and the code of each digit, and ``PageNumberSlot.operators``
writes a page's own "X/Y" there with those glyphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, ContentStream, DecodedStreamObject, DictionaryObject, NameObject

PAGE_DIGITS = "0123456789/"
RESOURCE_CATEGORIES = (
    "/Font",
    "/XObject",
    "/ExtGState",
    "/Pattern",
    "/Shading",
    "/ColorSpace",
    "/Properties",
)
OUR_PREFIX = re.compile(r"^/qms(\d+)-")


@dataclass(frozen=True)
class PageNumberSlot:
    """Where and how the placeholder digits were drawn in the furniture."""

    matrix: tuple[float, ...]  # the CTM in force there
    colour: bytes  # the fill colour operator, e.g. b"0.066667 0.066667 0.066667 rg"
    text_matrix: tuple[float, ...]
    font: NameObject  # the font's resource name (as renamed in the overlay)
    font_size: float
    codes: dict[str, bytes]  # each of PAGE_DIGITS as the font's character code

    def operators(self, text: str) -> bytes:
        codes = b"".join(self.codes[char] for char in text)
        return b"q %s cm %s BT %s %s Tf %s Tm <%s> Tj ET Q\n" % (
            _numbers(self.matrix),
            self.colour,
            self.font.encode(),
            _numbers((self.font_size,)),
            _numbers(self.text_matrix),
            codes.hex().encode(),
        )


@dataclass(frozen=True)
class Overlay:
    content: object  # indirect reference to the shared content stream
    resources: dict[str, dict[NameObject, object]]  # category -> renamed name -> object


def _numbers(values) -> bytes:
    return b" ".join((f"{float(value):.6f}".rstrip("0").rstrip(".") or "0").encode() for value in values)


def _multiply(m, n) -> tuple[float, ...]:
    """m × n for PDF matrices (a b c d e f): ``cm`` with m makes the CTM m × CTM."""
    a, b, c, d, e, f = (float(v) for v in m)
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _string_bytes(value) -> bytes:
    """The character codes of a string operand as they were in the stream (pypdf decodes
    them as text; its public accessor adds a byte-order mark to two-byte codes)."""
    original = getattr(value, "_original_bytes", None)
    if original is not None:
        return bytes(original)
    return bytes(value) if isinstance(value, bytes | bytearray) else str(value).encode("latin-1")


def page_operations(page, reader) -> list:
    return ContentStream(page.get_contents(), reader).operations


def take_page_number_slot(operations: list) -> tuple[list, dict]:
    """Split off the placeholder digits (the last text object of the furniture page):
    returns the other operations and what ``PageNumberSlot`` needs (font not yet renamed)."""
    ctm, stack, colour = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], b"0 g"
    start, last = None, None
    for index, (operands, operator) in enumerate(operations):
        if operator == b"q":
            stack.append((ctm, colour))
        elif operator == b"Q" and stack:
            ctm, colour = stack.pop()
        elif operator == b"cm":
            ctm = _multiply(operands, ctm)
        elif operator in (b"rg", b"g", b"k"):
            colour = _numbers(operands) + b" " + operator
        elif operator == b"BT":
            start = index
        elif operator == b"ET" and start is not None:
            last = (start, index, ctm, colour)
    if last is None:
        raise ValueError("the page furniture has no page-number placeholder")
    start, end, ctm, colour = last
    block = {operator: operands for operands, operator in operations[start : end + 1]}
    shown = block.get(b"TJ", block.get(b"Tj"))
    items = shown[0] if shown and isinstance(shown[0], list) else (shown or [])
    data = b"".join(_string_bytes(item) for item in items if not isinstance(item, int | float))
    width, remainder = divmod(len(data), len(PAGE_DIGITS))
    if remainder or not width or b"Tf" not in block or b"Tm" not in block:
        raise ValueError("the page-number placeholder was not drawn as one run of digits")
    slot = {
        "matrix": ctm,
        "colour": colour,
        "text_matrix": tuple(float(v) for v in block[b"Tm"]),
        "font": NameObject(block[b"Tf"][0]),
        "font_size": float(block[b"Tf"][1]),
        "codes": {char: data[i * width : (i + 1) * width] for i, char in enumerate(PAGE_DIGITS)},
    }
    return operations[:start] + operations[end + 1 :], slot


def _stream(writer: PdfWriter, data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream.flate_encode() if len(data) > 256 else stream)  # noqa: SLF001


def prefix_for(writer: PdfWriter) -> str:
    """``/qmsN-`` with N above any an earlier overlay of this PDF used."""
    used = 0
    page = writer.pages[0]
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    for category in RESOURCE_CATEGORIES:
        for name in (resources.get(category) or DictionaryObject()).get_object():
            match = OUR_PREFIX.match(name)
            if match:
                used = max(used, int(match.group(1)))
    return f"qms{used + 1}-"


def _name_pattern(names) -> re.Pattern:
    """Resource names as operands in a content stream. WeasyPrint writes text as hex
    strings (``<0013>``), so a ``/`` in its streams always starts a name."""
    alternatives = b"|".join(re.escape(name[1:].encode()) for name in sorted(names, key=len, reverse=True))
    return re.compile(rb"/(" + alternatives + rb")(?=[\s/\[\]<>(){}%]|$)")


def overlay_add(writer: PdfWriter, *, page, content: bytes, prefix: str) -> tuple[Overlay, dict]:
    """The laid-out ``page`` (its content stream given as ``content``) added to ``writer``
    once, its resources renamed with ``prefix``; returns it and the renaming."""
    source = page.get("/Resources")
    source = source.get_object() if source is not None else DictionaryObject()
    renames: dict[str, NameObject] = {}
    resources: dict[str, dict[NameObject, object]] = {}
    for category in RESOURCE_CATEGORIES:
        entries = source.get(category)
        if entries is None:
            continue
        for name, value in entries.get_object().items():
            renamed = NameObject(f"/{prefix}{name[1:]}")
            renames[name] = renamed
            resources.setdefault(category, {})[renamed] = value.clone(writer)
    if renames:
        content = _name_pattern(renames).sub(lambda m: b"/" + prefix.encode() + m.group(1), content)
    # between q and Q: the overlay's CTM (WeasyPrint flips the page first) stays its own
    return Overlay(content=_stream(writer, b"q\n" + content + b"\nQ\n"), resources=resources), renames


def page_content(page) -> bytes:
    contents = page.get_contents()
    return contents.get_data() if contents is not None else b""


def operations_content(operations: list, reader) -> bytes:
    content = ContentStream(None, reader)
    content.operations = operations
    return content.get_data()


def page_wrap(writer: PdfWriter) -> tuple:
    """The two one-word streams every overlaid page shares (q before its content, Q after)."""
    return _stream(writer, b"q\n"), _stream(writer, b"\nQ\n")


def draw_over(writer: PdfWriter, page, *, wrap: tuple, overlay: Overlay, extra: bytes = b"") -> None:
    """``overlay`` (then the operators ``extra``) drawn over ``page``, whose own content
    streams are kept as they are."""
    resources = page.get("/Resources")
    if resources is None:
        resources = page[NameObject("/Resources")] = DictionaryObject()
    resources = resources.get_object()
    for category, entries in overlay.resources.items():
        target = resources.get(category)
        if target is None:
            target = resources[NameObject(category)] = DictionaryObject()
        target.get_object().update(entries)
    contents = page.get("/Contents")
    old = contents.get_object() if contents is not None else ArrayObject()
    old = list(old) if isinstance(old, ArrayObject) else [contents]
    push, pop = wrap
    streams = [push, *old, pop, overlay.content]
    if extra:
        streams.append(_stream(writer, extra))
    page[NameObject("/Contents")] = ArrayObject(streams)
