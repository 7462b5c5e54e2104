"""Where approvals plugs into the documents lifecycle (documents.services.LIFECYCLE_HOOKS)."""

from django.db.models import Q

from approvals import services
from approvals.models import RouteStage
from documents.permissions import visibility_grant_register
from documents.services import lifecycle_hook_register
from documents.workflow import Status


def named_signer_q(user) -> Q:
    """A signer named on a version's route sees that version while it is in review, even
    when the document is confidential (they were asked to sign it)."""
    return Q(
        status=Status.IN_REVIEW,
        pk__in=RouteStage.objects.filter(users=user).values("route__version_id"),
    )


def register():
    visibility_grant_register(named_signer_q)
    lifecycle_hook_register("draft_opened", services.route_open_for_draft)
    lifecycle_hook_register("submit", services.route_check_submittable)
    lifecycle_hook_register("submitted", services.route_start_round)
    lifecycle_hook_register("approve", services.route_check_complete)
    lifecycle_hook_register("reject", services.route_check_returned)
    lifecycle_hook_register("withdraw", services.withdrawal_check_signed)
    lifecycle_hook_register("withdrawn", services.acknowledgements_on_withdrawn)
    lifecycle_hook_register("effective", services.acknowledgements_on_effective)
