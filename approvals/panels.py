"""Context of the approvals panels on the home, document and version pages (registered in
approvals.ui)."""

from itertools import groupby

from django.urls import reverse

from approvals import selectors
from approvals.models import ChangeRequest, Decision
from approvals.permissions import DECIDE_CHANGE_REQUESTS, MANAGE_DISTRIBUTION, MANAGE_ROUTES
from documents.selectors import document_effective_version, version_list_visible_to
from documents.workflow import LIFECYCLE, DocumentAction, DocumentStatus

HOME_TO_READ = 8  # the rest is on My tasks


def home_panel(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    to_read = list(selectors.acknowledgements_outstanding_for(user)[: HOME_TO_READ + 1])
    tasks = selectors.signing_tasks_for(user)
    if not (to_read or tasks):
        return None
    return {"to_read": to_read[:HOME_TO_READ], "more_to_read": len(to_read) > HOME_TO_READ, "tasks": tasks}


def may_withdraw(user, version) -> bool:
    return DocumentAction.WITHDRAW in LIFECYCLE.actions_available(version, user) and user.has_perm(
        "documents.approve_version"
    )


def version_panel(request, version) -> dict:
    user = request.user
    route = selectors.route_of(version)
    progress = selectors.route_progress(route) if route else []
    current = selectors.active_stage(progress) if version.status == DocumentStatus.IN_REVIEW else None
    signatures = list(selectors.signatures_of(version))
    rounds = [(number, list(items)) for number, items in groupby(signatures, key=lambda s: s.round)]
    rounds.sort(key=lambda pair: -pair[0])
    reading = None  # why the user has no read-and-understood task for an effective version
    if version.status == DocumentStatus.EFFECTIVE and selectors.acknowledgement_of(user, version) is None:
        no_readers = selectors.distribution_no_readers_of(version.document) is not None
        reading = "nobody" if no_readers else "not_distributed"
    returned = None
    if version.status == DocumentStatus.DRAFT and signatures:
        returned = next(
            (s for s in reversed(signatures) if s.decision in (Decision.REQUEST_CHANGES, Decision.REJECT)),
            None,
        )
    return {
        "version": version,
        "route": route,
        "progress": progress,
        "current": current,
        "stages": selectors.route_stage_views(route, progress),
        "reading": reading,
        "rounds": rounds,
        "returned": returned,
        "may_sign": selectors.user_may_sign(user, version),
        "may_edit_route": version.status == DocumentStatus.DRAFT and user.has_perm(MANAGE_ROUTES),
        "may_withdraw": may_withdraw(user, version),
        "open_ack": selectors.acknowledgement_open_for(user, version),
        "has_approving_stage": any(p.stage.meaning == "approved" for p in progress),
    }


def document_panel(request, document) -> dict:
    user = request.user
    effective = document_effective_version(document)
    is_manager = user.has_perm(MANAGE_DISTRIBUTION)
    completion = None
    if is_manager and effective is not None:
        rows = selectors.acknowledgement_completion(effective)
        total = sum(r.total for r in rows)
        done = sum(r.acknowledged for r in rows)
        completion = {"total": total, "done": done, "percent": round(100 * done / total) if total else 0}
    may_see_requests = is_manager or user.has_perm(DECIDE_CHANGE_REQUESTS) or document.owner_id == user.pk
    open_requests = []
    if may_see_requests:
        open_requests = list(
            ChangeRequest.objects.filter(document=document, status=ChangeRequest.Status.OPEN)
            .select_related("requested_by")
            .order_by("created_at")[:10]
        )
    can_propose = effective is not None and version_list_visible_to(user).filter(pk=effective.pk).exists()
    return {
        "document": document,
        "effective": effective,
        "departments": list(document.distribution.order_by("code")),
        "groups": [row.group for row in selectors.distribution_groups_of(document)],
        "is_manager": is_manager,
        "completion": completion,
        "open_requests": open_requests,
        "may_see_requests": may_see_requests,
        "can_propose": can_propose,
        "open_ack": selectors.acknowledgement_open_for(user, effective) if effective else None,
    }


# --- home tiles (registered in approvals.ui) ---------------------------------------------


def tile_to_read(user) -> int | None:
    """Versions the user is asked to read and acknowledge (My tasks, ?show=read)."""
    return selectors.acknowledgements_outstanding_for(user).count() if user.is_authenticated else None


def tile_to_sign(user) -> int | None:
    """Versions waiting for the user's signature (My tasks, ?show=sign); for approvers, or
    anyone a route names."""
    if not user.is_authenticated:
        return None
    count = len(selectors.signing_tasks_for(user))
    return count if count or user.has_perm("documents.approve_version") else None


def tile_to_read_url(user) -> str:
    return reverse("approvals:my_tasks") + "?show=read"


def tile_to_sign_url(user) -> str:
    return reverse("approvals:my_tasks") + "?show=sign"
