"""Roles and object permissions for documents.

Roles are auth groups; what a role may do is expressed as model permissions on those
groups (declared in organisation/roles.py), so code asks ``user.has_perm`` and never a
group name. Confidential documents are opened to users or departments with guardian
object permissions (direct-FK tables, see models). A model-wide grant of
``view_document`` deliberately opens nothing: only ``view_confidential_document``
does, and only QMS officers hold it (guardian's accept_global_perms=False spirit).
"""

from django.db.models import Exists, Q
from guardian.shortcuts import assign_perm

from documents.models import Document, DocumentGroupObjectPermission, DocumentUserObjectPermission
from documents.workflow import DocumentStatus

READ_CONFIDENTIAL = "view_document"
UNAPPROVED_STATUSES = (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED)
HISTORICAL_STATUSES = (DocumentStatus.SUPERSEDED, DocumentStatus.OBSOLETE)


def user_is_officer(user) -> bool:
    return user.is_authenticated and user.has_perm("documents.register_document")


def granted_document_ids(user):
    """Subqueries of confidential documents opened to the user and to their groups."""
    direct = DocumentUserObjectPermission.objects.filter(
        user=user, permission__codename=READ_CONFIDENTIAL
    ).values("content_object_id")
    via_groups = DocumentGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=READ_CONFIDENTIAL
    ).values("content_object_id")
    return direct, via_groups


def readable_document_q(user, prefix: str = "") -> Q:
    """Documents whose effective version the user may read."""
    if user.has_perm("documents.view_confidential_document"):
        return Q()
    direct, via_groups = granted_document_ids(user)
    return (
        Q(**{f"{prefix}confidentiality": Document.Confidentiality.INTERNAL})
        | Q(**{f"{prefix}pk__in": direct})
        | Q(**{f"{prefix}pk__in": via_groups})
    )


# Other apps widen the rule for particular versions (approvals: the signers named on a
# version's route while it is in review). Each entry is ``f(user) -> Q`` over versions.
VISIBILITY_GRANTS: list = []


def visibility_grant_register(grant) -> None:
    if grant not in VISIBILITY_GRANTS:
        VISIBILITY_GRANTS.append(grant)


def visible_version_q(user) -> Q:
    """The one rule of who sees which version; every list, page, download and API uses it.

    - the role decides which statuses: everyone the effective version; approvers and
      officers the unapproved ones; auditors and officers the historical ones;
    - confidentiality then narrows every status alike: officers, or a guardian grant to
      the user or one of their groups (departments);
    - besides, an author always sees their own unapproved versions, and the registered
      grants add theirs (signers named on the route while the version is in review).
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    q = Q(status__in=role_statuses(user)) & readable_document_q(user, prefix="document__")
    for versions_q in own_and_granted_version_qs(user):
        q |= versions_q
    return q


def role_statuses(user) -> list:
    """The statuses the user's role reads (before confidentiality narrows them)."""
    statuses = [DocumentStatus.EFFECTIVE]
    if user.has_perm("documents.view_unapproved_version"):
        statuses += UNAPPROVED_STATUSES
    if user.has_perm("documents.view_historical_version"):
        statuses += HISTORICAL_STATUSES
    return statuses


def own_and_granted_version_qs(user) -> list[Q]:
    """The versions seen besides the role's: the author's own unapproved ones and those of
    each registered grant. Per user these are few."""
    return [Q(status__in=UNAPPROVED_STATUSES, author=user), *(grant(user) for grant in VISIBILITY_GRANTS)]


class ProbedExists(Exists):
    """EXISTS answered row by row with an index probe. PostgreSQL otherwise turns an
    EXISTS under OR into a hashed set of every matching row (it plans for the whole
    table, not the page's LIMIT); OFFSET 0 keeps it correlated."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        head, _, inner = sql.partition("EXISTS(")
        return f"{head}EXISTS(SELECT 1 FROM ({inner[:-1]}) AS probe OFFSET 0)", params


def visible_document_q(user) -> Q:
    """The same rule asked of documents: those with at least one version the user may see.

    Written so that the database answers it row by row from the document's own columns
    and two or three small per-user sets (hashed once), never by gathering every visible
    version first (issue 12): the document's confidentiality and the user's grants, the
    ``effective_version`` pointer (kept by triggers) for "has an effective version", an
    EXISTS over the document's versions only for the statuses beyond effective (the
    pointer is tried first and answers for nearly every row), and the documents of the
    user's own and granted versions. tests/documents/test_permissions_matrix.py checks
    it against ``visible_version_q`` for every role and status.
    """
    from django.db.models import OuterRef

    from documents.models import DocumentVersion

    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    statuses = role_statuses(user)
    in_role_status = Q(effective_version__isnull=False)
    others = [status for status in statuses if status != DocumentStatus.EFFECTIVE]
    if others:
        in_role_status |= ProbedExists(
            DocumentVersion.objects.filter(document=OuterRef("pk"), status__in=others)
        )
    q = readable_document_q(user) & in_role_status
    # each small set on its own, so that each is planned with its own index
    for versions_q in own_and_granted_version_qs(user):
        q |= Q(pk__in=DocumentVersion.objects.filter(versions_q).values("document_id"))
    return q


def confidential_reader_ids(document, user_ids) -> set:
    """Which of ``user_ids`` may read the confidential ``document`` by the organisation's
    grants (officers, a grant to the user or one of their groups); all of them when the
    document is not confidential."""
    user_ids = set(user_ids)
    if not document.is_confidential or not user_ids:
        return user_ids
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    officers = set(
        get_user_model()
        .objects.with_perm(
            "documents.view_confidential_document",
            is_active=True,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(pk__in=user_ids)
        .values_list("pk", flat=True)
    )
    granted = set(
        DocumentUserObjectPermission.objects.filter(
            content_object=document, user_id__in=user_ids, permission__codename=READ_CONFIDENTIAL
        ).values_list("user_id", flat=True)
    )
    via_groups = set(
        users.filter(
            groups__in=DocumentGroupObjectPermission.objects.filter(
                content_object=document, permission__codename=READ_CONFIDENTIAL
            ).values("group_id")
        ).values_list("pk", flat=True)
    )
    return (officers | granted | via_groups) & user_ids


def document_grant_read(*, document, user=None, department=None):
    """Open a confidential document to one user or to every member of a department."""
    target = user if user is not None else department.group
    assign_perm(READ_CONFIDENTIAL, target, document)
