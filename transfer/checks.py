"""Content checks for imported files: the general upload rule (qms.uploads.check_upload)
plus, for the import path only, the legacy office formats .doc .xls .ppt (OLE2 compound
files) and .rtf. The general upload stays strict: these are accepted here and nowhere else.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from qms.uploads import CheckedFile, check_upload, sha256_of

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEGACY_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".rtf": "application/rtf",
}
# Converted to PDF by LibreOffice for renditions (ODT too: the renderer reads DOCX/PDF).
CONVERTIBLE = {".doc", ".xls", ".ppt", ".rtf", ".odt"}


@dataclass
class ImportFile:
    checked: CheckedFile
    legacy: bool


def check_import_file(spool, name: str) -> ImportFile:
    """Raise ValidationError (with the reason) or say what the file is."""
    wrapped = File(spool, name=PurePath(name).name)
    spool.seek(0)
    head = spool.read(8)
    spool.seek(0)
    suffix = PurePath(name).suffix.lower()
    if head == OLE2_MAGIC or head.startswith(b"{\\rtf"):
        expected = ".rtf" if head.startswith(b"{\\rtf") else None
        if (
            suffix not in LEGACY_TYPES
            or (expected and suffix != expected)
            or (not expected and suffix == ".rtf")
        ):
            raise ValidationError(
                _("The file name says %(ext)s but its content is a legacy office file.")
                % {"ext": suffix or "-"}
            )
        size = wrapped.size
        if size == 0:
            raise ValidationError(_("The file is empty."))
        return ImportFile(
            CheckedFile(
                kind=suffix.lstrip("."),
                content_type=LEGACY_TYPES[suffix],
                size=size,
                checksum=sha256_of(spool),
                original_filename=PurePath(name).name[:255],
            ),
            legacy=True,
        )
    return ImportFile(check_upload(wrapped), legacy=False)
