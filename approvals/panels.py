"""Context of the approvals panels on the home, document and version pages (registered in
approvals.ui)."""

from itertools import groupby

from django.db.models import Exists
from django.urls import reverse

from approvals import selectors
from approvals.models import (
    Acknowledgement,
    ApprovalRoute,
    ChangeRequest,
    Decision,
    DistributionGroup,
    DistributionNoReaders,
)
from approvals.permissions import DECIDE_CHANGE_REQUESTS, MANAGE_DISTRIBUTION, MANAGE_ROUTES
from documents.selectors import document_effective_version, version_list_visible_to
from documents.workflow import LIFECYCLE, DocumentAction, DocumentStatus
from organisation.models import Department
from qms.ui import SubqueryCount

HOME_TO_READ = 8  # the rest is on My tasks


def _signing_tasks(user):
    """``signing_tasks_for(user)``, worked out once for the home page's tile and panel (the
    request's user object lives for one request)."""
    tasks = getattr(user, "_qms_signing_tasks", None)
    if tasks is None:
        tasks = user._qms_signing_tasks = selectors.signing_tasks_for(user)
    return tasks


def home_panel(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    to_read = list(selectors.acknowledgements_outstanding_for(user)[: HOME_TO_READ + 1])
    tasks = _signing_tasks(user)
    if not (to_read or tasks):
        return None
    return {"to_read": to_read[:HOME_TO_READ], "more_to_read": len(to_read) > HOME_TO_READ, "tasks": tasks}


def may_withdraw(user, version) -> bool:
    return DocumentAction.WITHDRAW in LIFECYCLE.actions_available(version, user) and user.has_perm(
        "documents.approve_version"
    )


def version_facts(request, version) -> dict:
    """What the version panel needs to know first, asked with the page's other small
    questions in one query (qms.ui); the panel then reads only what exists."""
    user = request.user
    acknowledgements = Acknowledgement.objects.filter(user=user, version=version)
    return {
        "route": Exists(ApprovalRoute.objects.filter(version=version)),
        "signatures": Exists(selectors.signatures_of(version)),
        "acknowledgement": Exists(acknowledgements),
        "open_ack": Exists(acknowledgements.filter(status=Acknowledgement.Status.OPEN)),
        "no_readers": Exists(DistributionNoReaders.objects.filter(document_id=version.document_id)),
    }


def version_panel(request, version, facts) -> dict:
    user = request.user
    route, stages = selectors.route_with_stages_of(version) if facts["route"] else (None, [])
    in_review = version.status == DocumentStatus.IN_REVIEW
    signatures = list(selectors.signatures_of(version)) if facts["signatures"] else []
    # who may sign now matters only in review; out of it the stages are only shown
    progress = (
        selectors.route_progress(route, eligibility=in_review, signatures=signatures, stages=stages)
        if route
        else []
    )
    current = selectors.active_stage(progress) if in_review else None
    rounds = [(number, list(items)) for number, items in groupby(signatures, key=lambda s: s.round)]
    rounds.sort(key=lambda pair: -pair[0])
    reading = None  # why the user has no read-and-understood task for an effective version
    if version.status == DocumentStatus.EFFECTIVE and not facts["acknowledgement"]:
        reading = "nobody" if facts["no_readers"] else "not_distributed"
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
        "stages": selectors.route_stage_views(route, progress, signatures),
        "reading": reading,
        "rounds": rounds,
        "returned": returned,
        "may_sign": route is not None and selectors.user_may_sign(user, version),
        "may_edit_route": version.status == DocumentStatus.DRAFT and user.has_perm(MANAGE_ROUTES),
        "may_withdraw": may_withdraw(user, version),
        "open_ack": selectors.acknowledgement_open_for(user, version) if facts["open_ack"] else None,
        "has_approving_stage": any(p.stage.meaning == "approved" for p in progress),
    }


def document_facts(request, document) -> dict:
    """What the document panel needs to know first, asked with the page's other small
    questions in one query (qms.ui); the panel then reads only what exists."""
    user = request.user
    effective = document_effective_version(document)
    facts = {
        "departments": Exists(Department.objects.filter(distributed_documents=document)),
        "groups": Exists(DistributionGroup.objects.filter(document=document)),
        "requests": Exists(ChangeRequest.objects.filter(document=document, status=ChangeRequest.Status.OPEN)),
    }
    if effective is not None:
        acknowledgements = Acknowledgement.objects.filter(version=effective)
        facts.update(
            acknowledgements=Exists(acknowledgements),
            open_ack=Exists(acknowledgements.filter(user=user, status=Acknowledgement.Status.OPEN)),
            can_propose=Exists(version_list_visible_to(user).filter(pk=effective.pk)),
        )
    return facts


def document_panel(request, document, facts) -> dict:
    user = request.user
    effective = document_effective_version(document)
    is_manager = user.has_perm(MANAGE_DISTRIBUTION)
    completion = None
    if is_manager and effective is not None:
        rows = selectors.acknowledgement_completion(effective) if facts["acknowledgements"] else []
        total = sum(r.total for r in rows)
        done = sum(r.acknowledged for r in rows)
        completion = {"total": total, "done": done, "percent": round(100 * done / total) if total else 0}
    may_see_requests = is_manager or user.has_perm(DECIDE_CHANGE_REQUESTS) or document.owner_id == user.pk
    open_requests = []
    if may_see_requests and facts["requests"]:
        open_requests = list(
            ChangeRequest.objects.filter(document=document, status=ChangeRequest.Status.OPEN)
            .select_related("requested_by")
            .order_by("created_at")[:10]
        )
    can_propose = effective is not None and facts["can_propose"]
    return {
        "document": document,
        "effective": effective,
        "departments": list(document.distribution.order_by("code")) if facts["departments"] else [],
        "groups": [row.group for row in selectors.distribution_groups_of(document)]
        if facts["groups"]
        else [],
        "is_manager": is_manager,
        "completion": completion,
        "open_requests": open_requests,
        "may_see_requests": may_see_requests,
        "can_propose": can_propose,
        "open_ack": selectors.acknowledgement_open_for(user, effective)
        if effective and facts["open_ack"]
        else None,
    }


# --- home tiles (registered in approvals.ui) ---------------------------------------------


def tile_to_read(user) -> int | None:
    """Versions the user is asked to read and acknowledge (My tasks, ?show=read)."""
    return SubqueryCount(selectors.acknowledgements_outstanding_for(user)) if user.is_authenticated else None


def tile_to_sign(user) -> int | None:
    """Versions waiting for the user's signature (My tasks, ?show=sign); for approvers, or
    anyone a route names."""
    if not user.is_authenticated:
        return None
    count = len(_signing_tasks(user))
    return count if count or user.has_perm("documents.approve_version") else None


def tile_to_read_url(user) -> str:
    return reverse("approvals:my_tasks") + "?show=read"


def tile_to_sign_url(user) -> str:
    return reverse("approvals:my_tasks") + "?show=sign"
