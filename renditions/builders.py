"""What the controlled PDF of one document version is made of, and how it is built.

The source decides the route: an uploaded PDF is stamped (its pages kept), a DOCX is
converted with mammoth, authored text (Markdown or HTML) renders directly, and any
other file gets a cover-and-manifest PDF that says where the original is kept.
The cached rendition carries no watermark: the watermark depends on the status and
the reader at download time and is stamped then (``rendering.stamp_watermark``).
"""

import base64
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from pypdf import PdfReader

from documents.models import DocumentVersion
from documents.readable import ReadablePdfChanged, approval_note_for, readable_pdf_for
from documents.workflow import LOCKED_STATUSES
from organisation.models import Department
from renditions import rendering
from renditions.models import StatusLink

# Bump when templates or CSS change so every cached rendition is rebuilt.
LAYOUT_VERSION = "2026-11-25.3"

IMAGE_TYPES = {"image/png", "image/jpeg"}
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def source_kind(version: DocumentVersion) -> str:
    """ "pdf", "docx", "image", "other" (a file we do not lay out) or "body" (authored text)."""
    if version.file:
        if version.content_type == PDF_TYPE:
            return "pdf"
        if version.content_type == DOCX_TYPE:
            return "docx"
        if version.content_type in IMAGE_TYPES:
            return "image"
        return "other"
    return "body"


def manifest_position() -> str:
    return getattr(settings, "QMS_RENDITION_MANIFEST_POSITION", "start")


def status_link_for(version: DocumentVersion) -> StatusLink:
    link, _created = StatusLink.objects.get_or_create(version=version)
    return link


def status_url_for(version: DocumentVersion) -> str:
    return status_url(status_link_for(version).token)


def status_url(token) -> str:
    """The public status page of a version's copies, from its link's token."""
    return settings.QMS_SITE_URL.rstrip("/") + reverse("renditions:status", args=[token])


def header_for(version: DocumentVersion) -> rendering.ControlledHeader:
    document = version.document
    return rendering.ControlledHeader(
        number=document.number,
        title=document.title,
        revision=version.revision_label,
        effective_date=version.effective_date,
    )


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _departments_of(user_ids) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    rows = Department.objects.filter(group__user__in=user_ids).values_list("group__user", "name")
    for user_id, name in rows:
        names.setdefault(user_id, []).append(name)
    return {user_id: ", ".join(sorted(values)) for user_id, values in names.items()}


def _route_signatures(version: DocumentVersion) -> list[rendering.Signatory] | None:
    """Signatures of the approvals app's route (the approving round), if the app is
    installed and signatures exist; None otherwise."""
    if not apps.is_installed("approvals"):
        return None
    Signature = apps.get_model("approvals", "Signature")
    approving = Signature.objects.filter(version=version, decision="approve")
    last_round = approving.order_by("-round").values_list("round", flat=True).first()
    if last_round is None:
        return None
    labels = {"reviewed": _("Reviewed by"), "approved": _("Approved by")}
    return [
        rendering.Signatory(
            meaning=labels.get(signature.meaning, signature.get_meaning_display()),
            name=signature.signer_name,
            role=signature.signer_role,
            signed_at=signature.signed_at,
            comment=signature.comment,
        )
        for signature in approving.filter(round=last_round).order_by("signed_at", "pk")
    ]


def signatures_for(version: DocumentVersion) -> list[rendering.Signatory]:
    """Prepared by (the author), then reviewed/approved by: the approval route's
    signatures when there are any, otherwise the core approver of the version."""
    author = version.author
    signed = _route_signatures(version)
    people = [author.pk] + ([version.approved_by_id] if version.approved_by_id else [])
    departments = _departments_of(people)
    rows = [
        rendering.Signatory(
            meaning=_("Prepared by"),
            name=_display_name(author),
            role=departments.get(author.pk, ""),
            signed_at=version.submitted_at,
        )
    ]
    if signed:
        rows.extend(signed)
    elif version.approved_by_id:
        rows.append(
            rendering.Signatory(
                meaning=_("Approved by"),
                name=_display_name(version.approved_by),
                role=departments.get(version.approved_by_id, ""),
                signed_at=version.approved_at,
            )
        )
    return rows


def revisions_for(version: DocumentVersion) -> list[rendering.RevisionRow]:
    """Every revision up to this one that was approved, plus this one, oldest first."""
    rows = (
        DocumentVersion.objects.filter(document_id=version.document_id, revision__lte=version.revision)
        .filter(status__in=LOCKED_STATUSES)
        .order_by("revision")
        .values("pk", "revision", "change_summary", "effective_date")
    )
    result = [
        rendering.RevisionRow(
            revision=f"{row['revision']:02d}",
            change_summary=row["change_summary"] or _("First issue"),
            effective_date=row["effective_date"],
        )
        for row in rows
    ]
    if version.status not in LOCKED_STATUSES:
        result.append(
            rendering.RevisionRow(
                revision=version.revision_label,
                change_summary=version.change_summary or _("First issue"),
                effective_date=version.effective_date,
            )
        )
    return result


def original_note_for(version: DocumentVersion) -> str:
    where = settings.QMS_SITE_URL.rstrip("/") + reverse("documents:version_detail", args=[version.pk])
    return _(
        "The original file “%(name)s” (%(size)s bytes, SHA-256 %(checksum)s) is kept in the "
        "document control system: %(url)s"
    ) % {
        "name": version.original_filename,
        "size": version.size,
        "checksum": version.checksum,
        "url": where,
    }


@dataclass(frozen=True)
class Plan:
    """Everything that goes into a version's controlled PDF (and nothing else)."""

    version: DocumentVersion
    source: str
    header: rendering.ControlledHeader
    manifest: rendering.Manifest
    status_url: str

    def fingerprint(self, language: str) -> str:
        version = self.version
        parts = {
            "layout": LAYOUT_VERSION,
            "language": language,
            "source": self.source,
            "checksum": version.checksum,
            "body": hashlib.sha256(version.body.encode()).hexdigest(),
            "header": [str(v) for v in self.header.__dict__.values()],
            "signatures": [str(s) for s in self.manifest.signatures],
            "revisions": [str(r) for r in self.manifest.revisions],
            "position": self.manifest.position,
            "note": self.manifest.original_note,
            "status_url": self.status_url,
            "organisation": settings.QMS_ORGANISATION_NAME,
            "logo": getattr(settings, "QMS_ORGANISATION_LOGO", rendering.DEFAULT_LOGO),
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def plan_for(version: DocumentVersion) -> Plan:
    """Caller has the active language set: the manifest labels are translated now.

    A legacy original that a higher app converted (documents.readable) is laid out from
    that PDF ("converted"); a version approved outside the system gets its approval note
    instead of signature lines."""
    source = source_kind(version)
    if source == "other" and readable_pdf_for(version) is not None:
        source = "converted"
    note = original_note_for(version) if source in ("other", "image", "converted") else ""
    approval_note = approval_note_for(version)
    if approval_note:
        note = f"{approval_note}\n\n{note}" if note else approval_note
    return Plan(
        version=version,
        source=source,
        header=header_for(version),
        manifest=rendering.Manifest(
            signatures=[] if approval_note else signatures_for(version),
            revisions=revisions_for(version),
            position=manifest_position(),
            original_note=note,
        ),
        status_url=status_url_for(version),
    )


class SourceChanged(ValueError):
    """The stored source file no longer matches the SHA-256 recorded (and signed) for the
    version, or is gone: no PDF may be made from it."""

    def __init__(self, found: str):
        super().__init__(f"stored source does not match its checksum (found {found or 'nothing'})")
        self.found = found


def _read_file(version: DocumentVersion) -> bytes:
    """The source bytes, only if they are the ones recorded: what is read is what is
    hashed, so a file swapped between the check and the read cannot slip through."""
    try:
        with version.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise SourceChanged("") from None
    found = hashlib.sha256(data).hexdigest()
    if found != version.checksum:
        raise SourceChanged(found)
    return data


def build_pdf(plan: Plan, *, progress: rendering.Progress | None = None) -> bytes:
    """The controlled PDF (no watermark) of the plan's version. May take seconds.

    Raises SourceChanged, before any layout, if the version has a stored file that no
    longer matches its recorded SHA-256 (even a file that is only named on the cover)."""
    report = progress or (lambda percent: None)
    version = plan.version
    source = _read_file(version) if version.file else b""
    common = {"header": plan.header, "manifest": plan.manifest, "status_url": plan.status_url}
    report(5)
    if plan.source == "converted":
        try:
            source = readable_pdf_for(version).read()
        except (AttributeError, ReadablePdfChanged) as exc:
            raise SourceChanged("") from exc
    if plan.source in ("pdf", "converted"):
        return rendering.stamp_uploaded_pdf(source, progress=report, **common)
    if plan.source == "docx":
        body = rendering.docx_to_html(source)
    elif plan.source == "image":
        data = base64.b64encode(source).decode()
        body = f'<img src="data:{escape(version.content_type)};base64,{data}" alt="">'
    elif plan.source == "other":
        body = rendering.markdown_to_html(version.body) if version.body.strip() else ""
    else:
        body = rendering.markdown_to_html(version.body)
    report(20)
    pdf = rendering.render_controlled_pdf(html_body=body, trusted=True, **common)  # sanitised above
    report(95)
    return pdf


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


# What WeasyPrint lays out one by one (each costs about 1-2 ms): in a DOCX, paragraphs,
# runs, table cells and links; in Markdown, lines, table cells, emphasis, code, links, tags.
DOCX_ELEMENT = re.compile(rb"<w:(?:p|r|tc|hyperlink)[\s>/]")
# A list item is two (its marker box and its text): a bare "- item" line costs double.
MARKDOWN_ELEMENT = re.compile(r"\n|^\s*(?:[-+]|\d+[.)])\s|\||\*\*?|__?|`+|\]\(|<[a-zA-Z]", re.MULTILINE)
DOCX_MAIN_PART = "word/document.xml"


@dataclass(frozen=True)
class SourceSize:
    """What a source expands to, measured cheaply (no layout): the numbers that decide
    whether its PDF is built in the request or in a worker."""

    stored: int = 0
    expanded: int = 0  # DOCX: every member unzipped, as the zip directory declares them
    text_bytes: int = 0  # DOCX: its main XML part; authored text: the body in UTF-8
    elements: int = 0  # counted only up to the inline limit (+1)
    pages: int = 0  # uploaded PDF


def _inline_limits() -> dict[str, int]:
    inline_bytes = getattr(settings, "QMS_RENDITION_INLINE_MAX_BYTES", 400 * 1024)
    return {
        "stored": inline_bytes,
        "pdf_stored": 4 * inline_bytes,
        "pages": getattr(settings, "QMS_RENDITION_INLINE_MAX_PAGES", 30),
        "expanded": getattr(settings, "QMS_RENDITION_INLINE_MAX_EXPANDED_BYTES", 4 * 1024 * 1024),
        "text_bytes": getattr(settings, "QMS_RENDITION_INLINE_MAX_TEXT_BYTES", 96 * 1024),
        "elements": getattr(settings, "QMS_RENDITION_INLINE_MAX_ELEMENTS", 500),
    }


def _count_capped(pattern, text, cap: int) -> int:
    count = 0
    for _match in pattern.finditer(text):
        count += 1
        if count > cap:
            break
    return count


def _docx_size(version: DocumentVersion, limits: dict[str, int]) -> SourceSize:
    """From the zip's central directory, then (only if that is small) the main part,
    read up to the text limit: never more than a few hundred kilobytes."""
    with version.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        members = archive.infolist()
        expanded = sum(member.file_size for member in members)
        main = archive.getinfo(DOCX_MAIN_PART)
        size = SourceSize(stored=version.size, expanded=expanded, text_bytes=main.file_size)
        if expanded > limits["expanded"] or main.file_size > limits["text_bytes"]:
            return size
        with archive.open(main) as member:
            xml = member.read(limits["text_bytes"] + 1)
    return SourceSize(
        stored=version.size,
        expanded=expanded,
        text_bytes=len(xml),
        elements=_count_capped(DOCX_ELEMENT, xml, limits["elements"]),
    )


def _body_size(body: str, limits: dict[str, int]) -> SourceSize:
    text_bytes = len(body.encode())
    if text_bytes > limits["text_bytes"]:
        return SourceSize(text_bytes=text_bytes)
    return SourceSize(
        text_bytes=text_bytes, elements=_count_capped(MARKDOWN_ELEMENT, body, limits["elements"])
    )


def source_size(version: DocumentVersion) -> SourceSize:
    """Raises OSError, zipfile.BadZipFile, KeyError or pypdf errors on an unreadable source."""
    limits = _inline_limits()
    kind = source_kind(version)
    if kind == "pdf":
        if version.size > limits["pdf_stored"]:
            return SourceSize(stored=version.size)
        with version.file.open("rb") as handle:
            return SourceSize(stored=version.size, pages=len(PdfReader(handle).pages))
    if kind == "docx":
        if version.size > limits["stored"]:
            return SourceSize(stored=version.size)
        return _docx_size(version, limits)
    if kind == "image":
        return SourceSize(stored=version.size)
    return _body_size(version.body, limits)  # authored text, or the cover of an "other" file


def is_large(version: DocumentVersion) -> bool:
    """Whether building this version's PDF belongs in a worker (with its time and memory
    limits) rather than the request. Judged by what the source expands to, not by its
    stored size: an 8 KB DOCX may unzip to megabytes of XML (WeasyPrint holds the whole
    document in memory, about 1 MB a page, and lays out every element)."""
    limits = _inline_limits()
    try:
        size = source_size(version)
    except Exception:  # noqa: BLE001 - an unreadable source fails in the worker, with a message
        return True
    kind = source_kind(version)
    if kind == "pdf":
        return size.stored > limits["pdf_stored"] or size.pages > limits["pages"]
    if kind in ("docx", "image") and size.stored > limits["stored"]:
        return True
    return (
        size.expanded > limits["expanded"]
        or size.text_bytes > limits["text_bytes"]
        or size.elements > limits["elements"]
    )
