"""Checks on uploaded files (by content, not by name) and on stored files (checksum)."""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# extension -> (MIME type, extensions a user may give that file)
ACCEPTED_TYPES = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
    "png": ("image/png", {".png"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    size: int
    checksum: str
    original_filename: str


def _zip_kind(fileobj) -> str | None:
    """OOXML and ODF are zip containers; tell them apart by their members."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return "odt" if mimetype == ACCEPTED_TYPES["odt"][0] else None
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect_kind(fileobj) -> str | None:
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.extension in {"zip", "docx", "xlsx", "odt"}:
        kind = _zip_kind(fileobj)
        fileobj.seek(0)
        return kind
    return {"pdf": "pdf", "png": "png", "jpg": "jpg"}.get(guess.extension)


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def check_upload(uploaded, *, accepted=ACCEPTED_TYPES) -> CheckedFile:
    """Accept a file by its bytes: known type, extension agreeing with it, within the size limit.

    Raises ValidationError with a message for the user; nothing has been stored yet.
    """
    name = PurePath(uploaded.name or "").name
    limit = settings.QMS_UPLOAD_MAX_BYTES
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(uploaded.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
            code="too_large",
        )
    kind = detect_kind(uploaded)
    if kind is None or kind not in accepted:
        raise ValidationError(
            _("This type of file is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file."),
            code="type",
        )
    content_type, extensions = accepted[kind]
    if PurePath(name).suffix.lower() not in extensions:
        raise ValidationError(
            _("The file name says %(ext)s but its content is %(kind)s. Check that you chose the right file.")
            % {"ext": PurePath(name).suffix or _("no extension"), "kind": kind.upper()},
            code="mismatch",
        )
    return CheckedFile(
        kind=kind,
        content_type=content_type,
        size=uploaded.size,
        checksum=sha256_of(uploaded),
        original_filename=name[:255],
    )


def stored_file_intact(field_file, expected_checksum: str) -> bool:
    with field_file.open("rb") as handle:
        return sha256_of(handle) == expected_checksum
