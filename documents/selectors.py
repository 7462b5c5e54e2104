"""Reads. UI, API, downloads and tasks all fetch documents and versions through here."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, TextField
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentType, DocumentVersion, VersionAttachment
from documents.permissions import readable_document_q, visible_document_q, visible_version_q
from documents.search import search_key
from documents.workflow import OPEN_STATUSES, DocumentStatus
from organisation.models import Department


def version_list_visible_to(user):
    return DocumentVersion.objects.filter(visible_version_q(user))


def version_get_for_user(user, pk) -> DocumentVersion:
    """The version if the user may see it; 404 alike for missing and forbidden."""
    try:
        return (
            version_list_visible_to(user)
            .select_related("document__doc_type", "document__department", "author", "approved_by")
            .get(pk=pk)
        )
    except (DocumentVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such version.") from None


def attachment_get_for_user(user, pk) -> VersionAttachment:
    """An attachment if the user may see its version (the same rule as the version's own
    file); 404 alike for missing and forbidden."""
    try:
        return (
            VersionAttachment.objects.filter(version__in=version_list_visible_to(user).values("pk"))
            .select_related("version__document")
            .get(pk=pk)
        )
    except (VersionAttachment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such attachment.") from None


def document_list_visible_to(user, *, query="", doc_type=None, department=None, status=None):
    """Documents with at least one version the user may see, filtered as on the list page.

    ``status`` filters on the document's visible versions (e.g. "effective"). The rule is
    asked of each document with indexes (permissions.visible_document_q), never by
    gathering every visible version first, so a page of 25 costs the same at 300,000
    documents as at 300.
    """
    documents = Document.objects.filter(visible_document_q(user))
    if status:
        documents = documents.filter(visible_version_in_status(user, status))
    if query:
        documents = documents.filter(search_filter_q(query))
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    if department:
        documents = documents.filter(department=department)
    # Only an effective version the user may read (an approver sees a confidential
    # document's revision in review, not its effective version). For the effective status
    # the rule (visible_version_q) comes down to readable_document_q: every role reads
    # effective versions, and the author's own and the granted versions are unapproved
    # ones; asked that way it is one join per row instead of the rule's OR of subqueries.
    if user.is_authenticated and user.is_active:
        # (the authored text is not shown in lists; it may be pages long)
        effective = DocumentVersion.objects.filter(
            readable_document_q(user, prefix="document__"), status=DocumentStatus.EFFECTIVE
        ).defer("body")
    else:  # (readable_document_q needs a user row; nobody else sees anything)
        effective = DocumentVersion.objects.none()
    # Both read for the rows of the page only (an annotation would be computed, or
    # hashed, over the whole list): Document.has_open_revision reads "open_revisions".
    open_revisions = DocumentVersion.objects.filter(status__in=OPEN_STATUSES).only("pk", "document_id")
    return (
        documents.defer("search_text")
        .select_related("doc_type", "department", "owner")
        .prefetch_related(
            Prefetch("versions", queryset=effective, to_attr="effective_versions"),
            Prefetch("versions", queryset=open_revisions, to_attr="open_revisions"),
        )
    )


def visible_version_in_status(user, status) -> Exists:
    """A document has a version in ``status`` that the user may see (one index probe)."""
    return Exists(version_list_visible_to(user).filter(status=status, document=OuterRef("pk")))


def document_get_for_user(user, pk, *, versions: bool = True) -> Document:
    """The document if the user may see it; 404 alike for missing and forbidden.
    ``versions=False`` skips the two prefetches of the list (the document page reads the
    versions itself and fills ``effective_versions`` from them)."""
    documents = (
        document_list_visible_to(user)
        if versions
        else Document.objects.filter(visible_document_q(user)).select_related(
            "doc_type", "department", "owner"
        )
    )
    try:
        return documents.get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404("No such document.") from None


def document_with_versions_for_user(user, pk) -> tuple[Document, list[DocumentVersion]]:
    """The document and its versions the user may see, newest first, in one query; 404
    alike for missing and forbidden. A document is visible exactly when one of its versions
    is (permissions.visible_document_q), so no visible version means 404."""
    try:
        versions = list(
            version_list_visible_to(user)
            .filter(document_id=int(pk))
            .select_related(
                "document__doc_type", "document__department", "document__owner", "author", "approved_by"
            )
            .order_by("-revision")
        )
    except (ValueError, TypeError, OverflowError):
        versions = []
    if not versions:
        raise Http404("No such document.")
    document = versions[0].document
    for version in versions:
        version.document = document  # one instance: what the page and panels set on it is shared
    return document, versions


def document_ids_visible_among(user, document_ids) -> set:
    """Which of ``document_ids`` the user may see (one query)."""
    document_ids = {pk for pk in document_ids if pk is not None}
    if not document_ids or user is None:
        return set()
    return set(
        version_list_visible_to(user)
        .filter(document_id__in=document_ids)
        .values_list("document_id", flat=True)
        .distinct()
    )


def documents_check_visible(user, documents, *, field: str = "documents") -> None:
    """Refuse linking a record to a document the user may not see (ValidationError)."""
    wanted = {document.pk for document in documents if document is not None}
    if wanted - document_ids_visible_among(user, wanted):
        raise ValidationError({field: _("Choose documents you can see.")})


def document_effective_version(document) -> DocumentVersion | None:
    versions = getattr(document, "effective_versions", None)
    if versions is not None:
        return versions[0] if versions else None
    return document.versions.filter(status=DocumentStatus.EFFECTIVE).first()


def master_list(user, *, external: bool):
    """Effective documents of the master list (internal) or the list of external documents."""
    return (
        version_list_visible_to(user)
        .filter(status=DocumentStatus.EFFECTIVE, document__doc_type__is_external=external)
        .select_related("document__doc_type", "document__department", "document__owner")
        .order_by("document__doc_type__code", "document__number")
    )


def dashboard_for(user) -> dict:
    """The user's own drafts and the recently effective documents. Versions waiting for the
    user's signature are listed by the approvals panel, which knows the active stage."""
    visible = version_list_visible_to(user).select_related("document")
    # An author always sees their own unapproved versions (permissions.visible_version_q):
    # asked without the rest of the rule, the newest come from an index in order (with it,
    # an author of 7,500 drafts had them all sorted on every home page: 30 ms).
    own = (
        DocumentVersion.objects.filter(author=user)
        if user.is_authenticated
        else DocumentVersion.objects.none()
    )
    return {
        "my_drafts": own.filter(status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW])
        .select_related("document")
        .order_by("-created_at")[:10],
        "recently_effective": visible.filter(status=DocumentStatus.EFFECTIVE).order_by(
            "-effective_date", "-pk"
        )[:10],
    }


def department_list():
    return Department.objects.select_related("parent").order_by("code")


def document_type_list():
    return DocumentType.objects.order_by("code")


def search_filter_q(query: str) -> Q:
    q = Q()
    for word in search_key(query).split():
        q &= Q(search_text__contains=word)
    return q


# --- A search that matches many documents, read along the list's order (issue 12) -------
#
# Through the trigram index PostgreSQL gathers every match and sorts them for the page's
# 25: the work grows with the matches, so with the register (1% of 1,000,000 is 10,000).
# Read instead along the number index, a window of numbers at a time (each larger than
# the last), the page is full after a few thousand rows whatever the register holds.
# PostgreSQL does not choose that on its own (it estimates a few rows for the words, which
# go together in titles), so the words are asked of an expression the index does not
# serve (``search_filter_along``), within a range of numbers read by the number index.

SEARCH_WINDOWS = (250, 1000, 4000, 16000)  # numbers read by each step, the last one repeated
# Numbers read at most before the rest of the page is asked of the index after all: where
# the matches thin out (they gather under a few number prefixes), the walk stays bounded.
SEARCH_WALK_LIMIT = 40_000


def search_reads_along_numbers() -> bool:
    """Whether the register is large enough for it (settings.QMS_SEARCH_ALONG_NUMBERS_FROM):
    below about half a million documents the index gathers a search's matches faster
    (benchmarks/scale.py: slower at 300,000 documents, faster at 1,000,000).
    PostgreSQL's estimate of the rows (pg_class, kept by ANALYZE and autovacuum) costs
    nothing; elsewhere (SQLite) the register counts as empty."""
    threshold = settings.QMS_SEARCH_ALONG_NUMBERS_FROM
    if threshold <= 0:
        return True
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Document._meta.db_table])
        row = cursor.fetchone()
    return bool(row) and row[0] >= threshold


def search_filter_along(queryset, query: str):
    """``queryset`` filtered as by ``search_filter_q``, on an expression the trigram index
    does not serve (see above)."""
    scanned = Func(F("search_text"), template="(%(expressions)s || '')", output_field=TextField())
    q = Q()
    for word in search_key(query).split():
        q &= Q(search_scanned__contains=word)
    return queryset.alias(search_scanned=scanned).filter(q)


def documents_along_numbers(queryset, *, indexed, after: str = "", before: str = "", limit: int) -> list:
    """Up to ``limit`` rows of ``queryset`` (filtered by ``search_filter_along``) by number:
    the first ones after ``after`` or, with ``before``, the last ones before it (returned
    in ascending order). The matches are found window by window along the number index,
    their ids only; then the rows are read at once, with their joins and prefetches. After
    SEARCH_WALK_LIMIT numbers, the rest is asked of ``indexed`` (the same rows, the search
    served by the trigram index)."""
    backwards = bool(before)
    order, beyond, within = (
        ("-number", "number__lt", "number__gte") if backwards else ("number", "number__gt", "number__lte")
    )
    bound, ids, step, walked = before or after, [], 0, 0

    def past_bound(rows):
        rows = rows.order_by(order)
        return rows.filter(**{beyond: bound}) if bound else rows

    while len(ids) < limit:
        if walked >= SEARCH_WALK_LIMIT:  # the matches thinned out: the index, for the rest
            ids += past_bound(indexed).values_list("pk", flat=True)[: limit - len(ids)]
            break
        window = SEARCH_WINDOWS[min(step, len(SEARCH_WINDOWS) - 1)]
        step, walked = step + 1, walked + window
        # the window's far end, read from the number index alone
        edge = list(past_bound(Document.objects.all()).values_list("number", flat=True)[window - 1 : window])
        found = past_bound(queryset)
        if edge:
            found = found.filter(**{within: edge[0]})
        ids += found.values_list("pk", flat=True)[: limit - len(ids)]
        if not edge:  # the end of the register
            break
        bound = edge[0]
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)} if ids else {}
    ordered = [rows[pk] for pk in ids if pk in rows]
    return ordered[::-1] if backwards else ordered
