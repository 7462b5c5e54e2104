"""Checks on uploaded files (by content, not by name) and on stored files (checksum).

An upload is accepted only if it parses as what it claims to be: a PDF opens in pypdf
and has pages; a DOCX, XLSX or ODT is a readable zip holding the members its format
requires, and does not expand (all members unzipped) past ``QMS_UPLOAD_MAX_EXPANDED_BYTES``.
"""

import hashlib
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

# extension -> (MIME type, extensions a user may give that file)
ACCEPTED_TYPES = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
    "png": ("image/png", {".png"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
}


# Members each zip-based format must hold; each must unzip cleanly.
REQUIRED_MEMBERS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "odt": ("mimetype", "content.xml", "META-INF/manifest.xml"),
}
ZIP_KINDS = set(REQUIRED_MEMBERS)
# A real office file has tens to hundreds of members; a million is an attack on the reader.
MAX_ZIP_MEMBERS = 10_000
DAMAGED = _("The file could not be read: it is damaged or incomplete. Save it again and upload the new copy.")


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
                with archive.open("mimetype") as member:  # capped: the member may be a bomb
                    mimetype = member.read(200).decode("ascii", "replace").strip()
                return "odt" if mimetype == ACCEPTED_TYPES["odt"][0] else None
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error, KeyError):
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


def _damaged() -> ValidationError:
    return ValidationError(DAMAGED, code="damaged")


class _RefusedXML(ValueError):
    pass


def _parse_xml(data: bytes) -> None:
    """Well-formed XML without a DOCTYPE (no entity tricks); raises _RefusedXML."""
    parser = xml.parsers.expat.ParserCreate()

    def refuse_doctype(*args):
        raise _RefusedXML("DOCTYPE")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise _RefusedXML(str(error)) from None


def _check_pdf(fileobj) -> None:
    """pypdf opens it, it has at least one page, and a password does not lock it."""
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Upload a copy without the protection."),
                code="encrypted",
            )
        if len(reader.pages) == 0:
            raise _damaged()
        reader.pages[0].mediabox  # noqa: B018 - reading it proves the first page parses
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - whatever pypdf raises on a malformed file, it is unreadable
        raise _damaged() from None
    finally:
        fileobj.seek(0)


def _check_container(fileobj, kind: str) -> None:
    """A readable zip with the members ``kind`` requires, each unzipping cleanly (CRC
    checked), and no more than the expansion limit in all. Sizes come from the zip's
    central directory; Python's zipfile never unzips a member past its declared size."""
    limit = settings.QMS_UPLOAD_MAX_EXPANDED_BYTES
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            expanded = sum(member.file_size for member in members)
            if len(members) > MAX_ZIP_MEMBERS or expanded > limit:
                raise ValidationError(
                    _(
                        "This %(kind)s file unzips to %(size)s MB, more than the %(limit)s MB a "
                        "document may hold. It is refused; save it without embedded media or split it."
                    )
                    % {
                        "kind": kind.upper(),
                        "size": round(expanded / 1048576, 1),
                        "limit": round(limit / 1048576, 1),
                    },
                    code="expands_too_much",
                )
            names = {member.filename for member in members}
            for name in REQUIRED_MEMBERS[kind]:
                if name not in names:
                    raise _damaged()
                with archive.open(name) as member:
                    head = member.read(64 * 1024)
                    while member.read(1024 * 1024):  # to the end: zipfile checks the CRC there
                        pass
                if name.endswith(".xml") and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                    raise _damaged()
            manifest = "META-INF/manifest.xml" if kind == "odt" else "[Content_Types].xml"
            if archive.getinfo(manifest).file_size > 4 * 1024 * 1024:
                raise _damaged()
            _parse_xml(archive.read(manifest))
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError):
        raise _damaged() from None  # NotImplementedError: unknown compression; RuntimeError: encrypted
    except (OSError, EOFError, zlib.error, _RefusedXML, KeyError, ValueError):
        raise _damaged() from None
    finally:
        fileobj.seek(0)


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _looks_like_zip(fileobj) -> bool:
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    return head == b"PK\x03\x04"


def check_upload(uploaded, *, accepted=ACCEPTED_TYPES) -> CheckedFile:
    """Accept a file by its bytes: known type, extension agreeing with it, within the size
    limit, and parsing as that type (PDF, DOCX, XLSX, ODT; zip expansion capped).

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
    suffix = PurePath(name).suffix.lower()
    if kind is None and _looks_like_zip(uploaded) and suffix in {".docx", ".xlsx", ".odt"}:
        raise _damaged()  # named as an office file, starts as a zip, but does not open as one
    if kind is None or kind not in accepted:
        raise ValidationError(
            _("This type of file is not accepted. Upload a PDF, DOCX, ODT, XLSX, PNG or JPEG file."),
            code="type",
        )
    content_type, extensions = accepted[kind]
    if suffix not in extensions:
        raise ValidationError(
            _("The file name says %(ext)s but its content is %(kind)s. Check that you chose the right file.")
            % {"ext": PurePath(name).suffix or _("no extension"), "kind": kind.upper()},
            code="mismatch",
        )
    if kind == "pdf":
        _check_pdf(uploaded)
    elif kind in ZIP_KINDS:
        _check_container(uploaded, kind)
    return CheckedFile(
        kind=kind,
        content_type=content_type,
        size=uploaded.size,
        checksum=sha256_of(uploaded),
        original_filename=name[:255],
    )


def stored_file_intact(field_file, expected_checksum: str) -> bool:
    """Whether the stored file still has the recorded SHA-256, at a constant cost per
    request (issue 12): once a file has been hashed and found intact, its size and
    modification time are remembered beside the checksum (in the cache), and a later
    request only compares those; a file written since, or not seen before, is hashed
    again. The full re-hash of every file is ``manage.py verify_files`` and the nightly
    sweep (renditions.tasks.stored_files_sweep_task), which remember each file they find
    intact and forget each one they find changed, so a file altered in place with its
    size and time kept is refused from the first sweep that reads it."""
    from django.core.cache import cache

    signature = _stored_file_signature(field_file, expected_checksum)
    if signature is not None and cache.get(signature):
        return True
    with field_file.open("rb") as handle:
        intact = sha256_of(handle) == expected_checksum
    _remember(signature, intact)
    return intact


# A week: the nightly sweep remembers every intact file again, so downloads do not hash.
INTACT_REMEMBERED_SECONDS = 7 * 24 * 3600


def _remember(signature: str | None, intact: bool) -> None:
    from django.core.cache import cache

    if signature is None:
        return
    if intact:
        cache.set(signature, True, timeout=INTACT_REMEMBERED_SECONDS)
    else:
        cache.delete(signature)


def _stored_file_signature(field_file, expected_checksum: str) -> str | None:
    """A cache key naming the file, its size and modification time and the checksum; None
    when the storage cannot tell them (then every request hashes)."""
    storage = field_file.storage
    try:
        size = storage.size(field_file.name)
        modified = storage.get_modified_time(field_file.name).timestamp()
    except (NotImplementedError, AttributeError, OSError):
        return None
    key = f"{type(storage).__name__}|{field_file.name}|{size}|{modified!r}|{expected_checksum}"
    return "stored-file-intact:" + hashlib.sha256(key.encode()).hexdigest()


# --- Stored files: what the integrity check (manage.py verify_files) goes through ----------


@dataclass(frozen=True)
class StoredFileSet:
    """One model's stored files: ``file_field`` checked against ``checksum_field`` (the
    SHA-256 recorded when the file was stored), or for existence only when it has none."""

    model: str  # "app_label.ModelName"
    file_field: str
    checksum_field: str | None = None

    @property
    def kind(self) -> str:
        return f"{self.model}.{self.file_field}"


@dataclass(frozen=True)
class StoredFileProblem:
    kind: str
    pk: object
    record: str
    file_name: str
    problem: str  # "missing" or "changed"
    expected: str
    found: str = ""


STORED_FILE_SETS: dict[str, StoredFileSet] = {}


def stored_file_set_register(*, model: str, file_field: str, checksum_field: str | None = None) -> None:
    """Called from an app's ``ready()`` for each model that stores files."""
    file_set = StoredFileSet(model=model, file_field=file_field, checksum_field=checksum_field)
    STORED_FILE_SETS[file_set.kind] = file_set


def stored_file_check(field_file, expected_checksum: str) -> tuple[str, str] | None:
    """None when the file is there and (if a checksum is recorded) matches it; else
    ("missing", "") or ("changed", the SHA-256 found). Always reads the whole file, and
    tells ``stored_file_intact`` what it found (a request after it need not hash)."""
    try:
        signature = _stored_file_signature(field_file, expected_checksum) if expected_checksum else None
        with field_file.open("rb") as handle:
            found = sha256_of(handle)
    except (OSError, ValueError):  # gone from storage (or no name)
        return ("missing", "")
    if expected_checksum:
        _remember(signature, found == expected_checksum)
        if found != expected_checksum:
            return ("changed", found)
    return None


def stored_files_verify(*, counter: list[int] | None = None):
    """Yield a StoredFileProblem for every registered stored file that is missing or no
    longer matches its checksum. ``counter[0]`` counts the files looked at."""
    from django.apps import apps

    for file_set in STORED_FILE_SETS.values():
        try:
            model = apps.get_model(file_set.model)
        except LookupError:
            continue
        rows = model._default_manager.exclude(**{file_set.file_field: ""}).exclude(
            **{f"{file_set.file_field}__isnull": True}
        )
        for row in rows.order_by("pk").iterator(chunk_size=500):
            field_file = getattr(row, file_set.file_field)
            expected = getattr(row, file_set.checksum_field) if file_set.checksum_field else ""
            if counter is not None:
                counter[0] += 1
            problem = stored_file_check(field_file, expected)
            if problem is not None:
                yield StoredFileProblem(
                    kind=file_set.kind,
                    pk=row.pk,
                    record=str(row)[:300],
                    file_name=field_file.name,
                    problem=problem[0],
                    expected=expected,
                    found=problem[1],
                )
