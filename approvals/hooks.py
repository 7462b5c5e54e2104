"""Where approvals plugs into the documents lifecycle (documents.services.LIFECYCLE_HOOKS)."""

from approvals import services
from approvals.permissions import named_signer_q
from documents.permissions import visibility_grant_register
from documents.services import lifecycle_hook_register


def register():
    visibility_grant_register(named_signer_q)
    lifecycle_hook_register("draft_opened", services.route_open_for_draft)
    lifecycle_hook_register("draft_opened", services.distribution_apply_defaults)
    lifecycle_hook_register("submit", services.route_check_submittable)
    lifecycle_hook_register("submit", services.distribution_check_submittable)
    lifecycle_hook_register("submitted", services.route_start_round)
    lifecycle_hook_register("approve", services.route_check_complete)
    lifecycle_hook_register("reject", services.route_check_returned)
    lifecycle_hook_register("withdraw", services.withdrawal_check_signed)
    lifecycle_hook_register("withdrawn", services.acknowledgements_on_withdrawn)
    lifecycle_hook_register("effective", services.acknowledgements_on_effective)
