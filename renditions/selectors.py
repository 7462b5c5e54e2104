"""Reads: controlled copies, the access log, the public status of a version."""

import datetime

from django.db.models import Q
from django.http import Http404

from documents.models import DocumentVersion
from documents.selectors import version_list_visible_to
from documents.workflow import HISTORICAL_STATUSES, DocumentStatus
from renditions.models import AccessEvent, ControlledCopy, Rendition, RenditionKind, StatusLink
from renditions.permissions import may_read_access_log, may_see_copies


def copy_list(user, *, version=None, query: str = "", state: str = ""):
    """Controlled copies the user may see (officers; of versions they can see).

    ``state``: "out" (not retrieved), "to_retrieve" (out, but the version is superseded
    or withdrawn), "retrieved"; anything else: all.
    """
    if not may_see_copies(user):
        return ControlledCopy.objects.none()
    copies = ControlledCopy.objects.filter(version__in=version_list_visible_to(user).values("pk"))
    if version is not None:
        copies = copies.filter(version=version)
    if query:
        copies = copies.filter(
            Q(version__document__number__icontains=query)
            | Q(version__document__title__icontains=query)
            | Q(holder_name__icontains=query)
            | Q(location__icontains=query)
        )
    if state == "out":
        copies = copies.filter(retrieved_at=None)
    elif state == "to_retrieve":
        copies = copies.filter(retrieved_at=None, version__status__in=HISTORICAL_STATUSES)
    elif state == "retrieved":
        copies = copies.exclude(retrieved_at=None)
    return copies.select_related("version__document", "holder", "issued_by", "retrieved_by").order_by(
        "version__document__number", "-version__revision", "number"
    )


def copies_to_retrieve(user):
    """Copies still out although their version was superseded or withdrawn."""
    return copy_list(user, state="to_retrieve")


def copy_get_for_user(user, pk) -> ControlledCopy:
    try:
        return copy_list(user).get(pk=pk)
    except (ControlledCopy.DoesNotExist, ValueError, TypeError):
        raise Http404("No such controlled copy.") from None


def access_log(
    user,
    *,
    number: str = "",
    revision: str = "",
    username: str = "",
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    version_id: int | None = None,
    historical_only: bool = False,
):
    """The access log, newest first, filtered as on the officer page and in the API.

    ``historical_only``: accesses made while the version was superseded or obsolete
    ("who printed the old revision?").
    """
    if not may_read_access_log(user):
        return AccessEvent.objects.none()
    events = AccessEvent.objects.all()
    if number:
        events = events.filter(document_number__icontains=number.strip())
    if revision:
        events = events.filter(revision=revision.strip().zfill(2))
    if username:
        events = events.filter(
            Q(user__username__icontains=username)
            | Q(user__first_name__icontains=username)
            | Q(user__last_name__icontains=username)
        )
    if kind:
        events = events.filter(kind=kind)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    if version_id:
        events = events.filter(version_id=version_id)
    if historical_only:
        events = events.filter(status_at_access__in=HISTORICAL_STATUSES)
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
