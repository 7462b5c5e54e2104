"""Reads: controlled copies, the access log, the public status of a version."""

from django.http import Http404

from documents.models import DocumentVersion
from documents.selectors import version_list_visible_to
from documents.workflow import HISTORICAL_STATUSES, DocumentStatus
from renditions.models import AccessEvent, ControlledCopy, Rendition, RenditionKind, StatusLink
from renditions.permissions import may_read_access_log, may_see_copies


def copy_list(user, *, version=None, state: str = ""):
    """Controlled copies the user may see (officers; of versions they can see).

    ``state``: see ``copies_in_state``. The list pages and the API filter further
    through renditions.filters.
    """
    if not may_see_copies(user):
        return ControlledCopy.objects.none()
    copies = ControlledCopy.objects.filter(version__in=version_list_visible_to(user).values("pk"))
    if version is not None:
        copies = copies.filter(version=version)
    copies = copies_in_state(copies, state)
    return copies.select_related("version__document", "holder", "issued_by", "retrieved_by").order_by(
        "version__document__number", "-version__revision", "number"
    )


def copies_in_state(copies, state: str):
    """``state``: "out" (not retrieved), "to_retrieve" (out, but the version is superseded
    or withdrawn), "retrieved"; anything else: all."""
    if state == "out":
        return copies.filter(retrieved_at=None)
    if state == "to_retrieve":
        return copies.filter(retrieved_at=None, version__status__in=HISTORICAL_STATUSES)
    if state == "retrieved":
        return copies.exclude(retrieved_at=None)
    return copies


def copies_to_retrieve(user):
    """Copies still out although their version was superseded or withdrawn."""
    return copy_list(user, state="to_retrieve")


def copy_get_for_user(user, pk) -> ControlledCopy:
    try:
        return copy_list(user).get(pk=pk)
    except (ControlledCopy.DoesNotExist, ValueError, TypeError):
        raise Http404("No such controlled copy.") from None


def access_log(user):
    """The access log, newest first; the officer page and the API filter it through
    renditions.filters (``historical_only``: "who printed the old revision?")."""
    if not may_read_access_log(user):
        return AccessEvent.objects.none()
    events = AccessEvent.objects.all()
    return events.select_related("user", "version", "copy").order_by("-at")


def rendition_get(version, language: str) -> Rendition | None:
    return Rendition.objects.filter(version=version, kind=RenditionKind.CONTROLLED, language=language).first()


def rendition_get_for_user(user, pk) -> Rendition:
    """A rendition of a version the user may see; 404 alike for missing and forbidden."""
    try:
        return Rendition.objects.select_related("version__document").get(
            pk=pk, version__in=version_list_visible_to(user).values("pk")
        )
    except (Rendition.DoesNotExist, ValueError, TypeError):
        raise Http404("No such rendition.") from None


def version_status_by_token(token: str) -> dict:
    """What the public status page shows for the version a printed code names: its
    number, title, revision and status, and the document's current effective revision.
    Nothing else (no content, no people). 404 for an unknown token."""
    link = StatusLink.objects.select_related("version__document").filter(token=token).first()
    if link is None:
        raise Http404("Unknown code.")
    version = link.version
    current = (
        DocumentVersion.objects.filter(document_id=version.document_id, status=DocumentStatus.EFFECTIVE)
        .only("revision", "effective_date")
        .first()
    )
    return {
        "number": version.document.number,
        # a confidential document's title is not for whoever scans a printed code
        "title": "" if version.document.is_confidential else version.document.title,
        "revision": version.revision_label,
        "status": version.status,
        "status_label": DocumentStatus(version.status).label,
        "effective_date": version.effective_date,
        "is_current": version.status == DocumentStatus.EFFECTIVE,
        "current_revision": current.revision_label if current else None,
        "current_effective_date": current.effective_date if current else None,
    }
