"""Who may do what in approvals: the permission names the services check, and the
visibility grant that lets the signers named on a route see the version in review."""

from django.db.models import Q

from approvals.models import RouteStage
from documents.workflow import DocumentStatus

READ_DRAFTS = "documents.view_unapproved_version"
MANAGE_ROUTES = "approvals.manage_routes"
DECIDE_CHANGE_REQUESTS = "approvals.decide_change_request"
MANAGE_DISTRIBUTION = "approvals.manage_distribution"


def named_signer_q(user) -> Q:
    """A signer named on a version's route sees that version while it is in review, even
    when the document is confidential (they were asked to sign it)."""
    return Q(
        status=DocumentStatus.IN_REVIEW,
        pk__in=RouteStage.objects.filter(users=user).values("route__version_id"),
    )
