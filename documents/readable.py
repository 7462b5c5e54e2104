"""What a version's stored file reads as, and how it was approved, when a higher app
knows better than the documents app.

- A legacy original (.doc, .xls, .ppt, .rtf, .odt) is kept as it came, but the system
  cannot lay it out or read its text. An app that converts such files (transfer, with
  LibreOffice in a worker) registers a ``readable_pdf`` provider: renditions stamps that
  PDF as the controlled copy and search extracts its text.
- A version approved outside the system (imported) has no signatures. An
  ``approval_note`` provider says so ("approved outside the system, imported on ...");
  the controlled PDF's manifest prints the note instead of signature lines.

Providers are registered in the higher app's ``AppConfig.ready()``; this module never
imports them. A provider answers ``None`` when it has nothing to say about a version.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass


class ReadablePdfChanged(ValueError):
    """The stand-in PDF is gone or no longer matches the SHA-256 recorded for it."""


@dataclass(frozen=True)
class ReadablePdf:
    file: object  # a FieldFile
    checksum: str  # SHA-256 recorded when the PDF was made

    def read(self) -> bytes:
        """The PDF's bytes, only if they are the ones recorded (what is read is hashed)."""
        try:
            with self.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            raise ReadablePdfChanged("the converted PDF is missing") from None
        if hashlib.sha256(data).hexdigest() != self.checksum:
            raise ReadablePdfChanged("the converted PDF does not match its recorded SHA-256")
        return data


READABLE_PDF_PROVIDERS: list[Callable] = []
APPROVAL_NOTE_PROVIDERS: list[Callable] = []


def readable_pdf_register(provider: Callable) -> None:
    """``provider(version) -> ReadablePdf | None``."""
    if provider not in READABLE_PDF_PROVIDERS:
        READABLE_PDF_PROVIDERS.append(provider)


def approval_note_register(provider: Callable) -> None:
    """``provider(version) -> str | None`` (translated in the active language)."""
    if provider not in APPROVAL_NOTE_PROVIDERS:
        APPROVAL_NOTE_PROVIDERS.append(provider)


def readable_pdf_for(version) -> ReadablePdf | None:
    for provider in READABLE_PDF_PROVIDERS:
        if (found := provider(version)) is not None:
            return found
    return None


def approval_note_for(version) -> str | None:
    for provider in APPROVAL_NOTE_PROVIDERS:
        if note := provider(version):
            return note
    return None
