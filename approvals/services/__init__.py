"""Writes of approvals, one module per subdomain: routes, signing, withdrawal,
distribution (and read-acknowledgement), change requests.

Every public service is re-exported here, so callers keep writing
``from approvals import services; services.version_sign(...)``. Reads (where a route
stands, who must read a document) are in ``approvals.selectors``.
"""

from approvals.permissions import DECIDE_CHANGE_REQUESTS, MANAGE_DISTRIBUTION, MANAGE_ROUTES, READ_DRAFTS
from approvals.services.change_requests import (
    change_request_accept,
    change_request_create,
    change_request_decline,
)
from approvals.services.distribution import (
    acknowledgement_confirm,
    acknowledgements_on_effective,
    acknowledgements_on_withdrawn,
    distribution_apply_defaults,
    distribution_check_submittable,
    distribution_default_delete,
    distribution_default_save,
    distribution_set,
)
from approvals.services.routes import (
    RETURNING_DECISIONS,
    StageInput,
    route_check_complete,
    route_check_returned,
    route_check_submittable,
    route_for_version,
    route_open_for_draft,
    route_set,
    route_start_round,
    route_template_for,
    route_template_save,
)
from approvals.services.signing import NotASigner, OneStagePerSigner, signed_content_sha256, version_sign
from approvals.services.withdrawal import version_withdraw_signed, withdrawal_check_signed

__all__ = [
    "DECIDE_CHANGE_REQUESTS",
    "MANAGE_DISTRIBUTION",
    "MANAGE_ROUTES",
    "READ_DRAFTS",
    "RETURNING_DECISIONS",
    "NotASigner",
    "OneStagePerSigner",
    "StageInput",
    "acknowledgement_confirm",
    "acknowledgements_on_effective",
    "acknowledgements_on_withdrawn",
    "change_request_accept",
    "change_request_create",
    "change_request_decline",
    "distribution_apply_defaults",
    "distribution_check_submittable",
    "distribution_default_delete",
    "distribution_default_save",
    "distribution_set",
    "route_check_complete",
    "route_check_returned",
    "route_check_submittable",
    "route_for_version",
    "route_open_for_draft",
    "route_set",
    "route_start_round",
    "route_template_for",
    "route_template_save",
    "signed_content_sha256",
    "version_sign",
    "version_withdraw_signed",
    "withdrawal_check_signed",
]
