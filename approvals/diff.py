"""What changed between two versions, as readable text: DOCX through mammoth, PDF through
its text layer (pypdf), authored text as written. Other formats have no diff."""

import difflib
import io
import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
MAX_LINES = 5000


class NoText(Exception):
    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def version_text(version) -> str:
    """The version's text for comparison. Raises NoText with a reason to show the user."""
    if not version.file:
        return version.body
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        if version.content_type == DOCX:
            import mammoth

            return mammoth.extract_raw_text(io.BytesIO(data)).value
        if version.content_type == PDF:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # a damaged or unusual file: say so, never fail the page
        logger.warning("Could not extract text from version %s", version.pk, exc_info=True)
        raise NoText(
            _("The text of %(file)s could not be read.") % {"file": version.original_filename}
        ) from None
    raise NoText(
        _("No text comparison is available for this file type (%(file)s).")
        % {"file": version.original_filename}
    )


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()][:MAX_LINES]


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    text: str


@dataclass
class VersionDiff:
    available: bool
    reason: str = ""
    lines: list[DiffLine] = field(default_factory=list)
    added: int = 0
    removed: int = 0

    @property
    def unchanged(self) -> bool:
        return self.available and not (self.added or self.removed)


def version_diff(old, new, *, context: int = 3) -> VersionDiff:
    """Line diff of ``old`` -> ``new`` (``old`` may be None: nothing to compare with)."""
    if old is None:
        if new.revision == 1:
            return VersionDiff(False, str(_("First revision: nothing to compare.")))
        return VersionDiff(False, str(_("There is no effective version to compare with.")))
    try:
        before, after = _lines(version_text(old)), _lines(version_text(new))
    except NoText as error:
        return VersionDiff(False, str(error.reason))
    result = VersionDiff(True)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if result.lines:
            result.lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result.lines.extend(DiffLine("same", line) for line in before[i1:i2])
                continue
            removed, added = before[i1:i2], after[j1:j2]
            result.lines.extend(DiffLine("removed", line) for line in removed)
            result.lines.extend(DiffLine("added", line) for line in added)
            result.removed += len(removed)
            result.added += len(added)
    return result
