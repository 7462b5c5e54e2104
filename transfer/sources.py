"""Reading an import source safely: a ZIP archive or a server folder.

Nothing is ever extracted to disk by name: each member is read into a spooled temporary
file when its row is checked or imported, and stored under MEDIA_ROOT by the documents
app's own unique name. Refused here, each with a report line: path traversal, absolute
names, symlinks, zip bombs (ratio and total size), too many members, duplicate names
(after Unicode NFC normalisation and case folding). Names of ZIP members written without
the UTF-8 flag are decoded as UTF-8 when they are valid UTF-8, else as Windows-1258
(Vietnamese Windows), and always normalised to NFC.
"""

import os
import stat
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

# Defaults; settings TRANSFER_MAX_* override them.
MAX_MEMBERS = 100_000
MAX_RATIO = 100  # uncompressed / compressed, for members above RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024**3


def _limit(name, default):
    return getattr(settings, f"TRANSFER_{name}", default)


class SourceError(Exception):
    """The whole source is refused (not a ZIP, too large in total, missing folder)."""


@dataclass
class Entry:
    name: str  # NFC, forward slashes, relative
    size: int
    error: str = ""
    warnings: list = field(default_factory=list)
    key: object = None  # ZipInfo or absolute Path

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name).name


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _zip_name(info: zipfile.ZipInfo) -> tuple[str, str]:
    """The member's name and a warning when its encoding had to be guessed."""
    if info.flag_bits & 0x800:
        return nfc(info.filename), ""
    raw = info.filename.encode("cp437")
    try:
        return nfc(raw.decode("utf-8")), ""
    except UnicodeDecodeError:
        pass
    try:
        return nfc(raw.decode("cp1258")), _("file name decoded as Windows-1258 (Vietnamese)")
    except UnicodeDecodeError:
        return nfc(info.filename), _("file name encoding not recognised; read as CP437")


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    if len(name) > 1 and name[1] == ":":
        return True  # C:...
    return any(part in ("..",) for part in PurePosixPath(name).parts)


class Source:
    """A ZIP file or a folder; iterate ``entries`` then ``open(entry)`` a member."""

    def __init__(self, path):
        self.path = Path(path)
        self._zip = None
        self._index = None
        if not self.path.exists():
            raise SourceError(_("%(path)s does not exist.") % {"path": path})
        if self.path.is_dir():
            self.kind = "folder"
        elif zipfile.is_zipfile(self.path):
            self.kind = "zip"
            self._zip = zipfile.ZipFile(self.path)
        else:
            raise SourceError(_("The source is neither a ZIP archive nor a folder."))
        self.entries = self._list()

    def close(self):
        if self._zip is not None:
            self._zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _list(self) -> list[Entry]:
        entries = self._zip_entries() if self.kind == "zip" else self._folder_entries()
        seen = {}
        for entry in entries:
            if entry.error:
                continue
            folded = entry.name.casefold()
            if folded in seen:
                entry.error = _("duplicate name: %(name)s appears twice in the source") % {"name": entry.name}
            else:
                seen[folded] = entry
        return entries

    def _zip_entries(self) -> list[Entry]:
        infos = self._zip.infolist()
        if len(infos) > _limit("MAX_MEMBERS", MAX_MEMBERS):
            raise SourceError(
                _("The archive holds %(n)s entries; the limit is %(limit)s.")
                % {"n": len(infos), "limit": _limit("MAX_MEMBERS", MAX_MEMBERS)}
            )
        total = sum(info.file_size for info in infos)
        if total > _limit("MAX_TOTAL_BYTES", MAX_TOTAL_BYTES):
            raise SourceError(
                _("The archive would expand to %(size)s GB; the limit is %(limit)s GB (zip bomb?).")
                % {
                    "size": round(total / 1024**3, 1),
                    "limit": round(_limit("MAX_TOTAL_BYTES", MAX_TOTAL_BYTES) / 1024**3, 1),
                }
            )
        entries = []
        for info in infos:
            if info.is_dir():
                continue
            name, warning = _zip_name(info)
            entry = Entry(name=name, size=info.file_size, key=info)
            if warning:
                entry.warnings.append(warning)
            mode = info.external_attr >> 16
            if _unsafe(name):
                entry.error = _("path outside the archive refused: %(name)s") % {"name": name}
            elif mode and stat.S_ISLNK(mode):
                entry.error = _("symbolic link refused: %(name)s") % {"name": name}
            elif info.file_size > RATIO_FLOOR and info.file_size > _limit("MAX_RATIO", MAX_RATIO) * max(
                info.compress_size, 1
            ):
                entry.error = _("refused: %(name)s expands %(ratio)s times (zip bomb?)") % {
                    "name": name,
                    "ratio": info.file_size // max(info.compress_size, 1),
                }
            entries.append(entry)
        return entries

    def _folder_entries(self) -> list[Entry]:
        root = self.path.resolve()
        entries = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            for name in sorted(dirnames):
                full = Path(dirpath) / name
                if full.is_symlink():
                    rel = nfc(full.relative_to(root).as_posix())
                    entries.append(
                        Entry(name=rel, size=0, error=_("symbolic link refused: %(name)s") % {"name": rel})
                    )
            dirnames.sort()
            for name in sorted(filenames):
                full = Path(dirpath) / name
                rel = nfc(full.relative_to(root).as_posix())
                if full.is_symlink():
                    entries.append(
                        Entry(name=rel, size=0, error=_("symbolic link refused: %(name)s") % {"name": rel})
                    )
                    continue
                entries.append(Entry(name=rel, size=full.stat().st_size, key=full))
        return entries

    def open(self, entry: Entry):
        """The member's bytes in a spooled temporary file (at most 1 MB in memory)."""
        spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 (the caller closes it)
        if self.kind == "zip":
            with self._zip.open(entry.key) as member:  # zipfile stops at the declared size
                _copy(member, spool, entry.size)
        else:
            with open(entry.key, "rb") as member:
                _copy(member, spool, entry.size)
        spool.seek(0)
        return spool

    def find(self, name: str) -> Entry | None:
        if self._index is None:
            self._index, self._by_base = {}, {}
            for entry in self.entries:
                self._index.setdefault(entry.name.casefold(), entry)
                self._by_base.setdefault(entry.basename.casefold(), []).append(entry)
        wanted = nfc(name).replace("\\", "/").casefold()
        if wanted in self._index:
            return self._index[wanted]
        # a bare file name matches a member in any folder when only one has it
        matches = self._by_base.get(wanted, [])
        return matches[0] if len(matches) == 1 else None


def _copy(src, dst, declared: int):
    copied = 0
    while chunk := src.read(1024 * 1024):
        copied += len(chunk)
        if copied > declared:
            raise SourceError(_("a member is larger than the archive declares (zip bomb?)"))
        dst.write(chunk)
