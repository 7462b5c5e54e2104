"""Reads for approvals. Versions and documents are always fetched through the documents
selectors first, so who-sees-what stays one rule; forbidden and missing are both 404."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from approvals.models import Acknowledgement, ApprovalRoute, ChangeRequest, DistributionGroup, RouteStage
from approvals.services import (
    DECIDE_CHANGE_REQUESTS,
    MANAGE_DISTRIBUTION,
    active_stage,
    route_progress,
    routes_progress,
)
from documents.models import DocumentVersion
from documents.selectors import document_get_for_user, version_list_visible_to
from documents.workflow import Status
from organisation.models import Department


def route_of(version) -> ApprovalRoute | None:
    return ApprovalRoute.objects.filter(version=version).select_related("version__document").first()


@dataclass
class SigningTask:
    version: DocumentVersion
    stage: RouteStage
    round: int


def signing_tasks_for(user) -> list[SigningTask]:
    """Versions in review whose *active* stage the user may sign and has not signed yet."""
    candidates = (
        version_list_visible_to(user)
        .filter(status=Status.IN_REVIEW)
        .exclude(author=user)
        .filter(Q(route__stages__users=user) | Q(route__stages__group__user=user))
        .distinct()
        .select_related("document", "route")
        .order_by("submitted_at", "pk")
    )
    candidates = list(candidates)
    progress = routes_progress(version.route for version in candidates)
    tasks = []
    for version in candidates:
        current = active_stage(progress[version.route.pk])
        if current and user.pk in current.eligible and user.pk not in current.approved_by:
            tasks.append(SigningTask(version=version, stage=current.stage, round=version.route.round))
    return tasks


def user_may_sign(user, version) -> bool:
    if version.status != Status.IN_REVIEW or version.author_id == user.pk:
        return False
    route = route_of(version)
    if route is None:
        return False
    current = active_stage(route_progress(route))
    return bool(current and user.pk in current.eligible and user.pk not in current.approved_by)


def signatures_of(version):
    return version.signatures.select_related("signer").order_by("signed_at", "pk")


# --- change requests ---


def change_request_list_visible_to(user, *, status=None):
    """Officers see every request; owners those on their documents; everyone their own."""
    requests = ChangeRequest.objects.select_related("document", "requested_by", "decided_by")
    if not user.has_perm(DECIDE_CHANGE_REQUESTS):
        requests = requests.filter(Q(requested_by=user) | Q(document__owner=user))
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-created_at", "-pk")


def change_request_get_for_user(user, pk) -> ChangeRequest:
    try:
        return change_request_list_visible_to(user).get(pk=pk)
    except (ChangeRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such change request.") from None


# --- distribution and acknowledgement ---


def acknowledgements_outstanding_for(user):
    return (
        Acknowledgement.objects.filter(user=user, status=Acknowledgement.Status.OPEN)
        .filter(version__in=version_list_visible_to(user))
        .select_related("version__document")
        .order_by("created_at", "pk")
    )


def acknowledgement_open_for(user, version) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(
        user=user, version=version, status=Acknowledgement.Status.OPEN
    ).first()


def document_for_distribution_manager(user, pk):
    """The document, for an officer who manages distribution; 404 for anyone else."""
    if not user.has_perm(MANAGE_DISTRIBUTION):
        raise Http404("No such document.")
    return document_get_for_user(user, pk)


def distribution_groups_of(document):
    return DistributionGroup.objects.filter(document=document).select_related("group").order_by("group__name")


@dataclass
class DepartmentCompletion:
    department: Department | None
    total: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.total) if self.total else 0


def acknowledgement_completion(version) -> list[DepartmentCompletion]:
    """Per department: readers with a task for this version, and how many acknowledged."""
    rows = (
        Acknowledgement.objects.filter(version=version)
        .exclude(status=Acknowledgement.Status.SUPERSEDED)
        .values("department")
        .annotate(
            total=Count("pk"),
            acknowledged=Count("pk", filter=Q(status=Acknowledgement.Status.ACKNOWLEDGED)),
        )
    )
    departments = Department.objects.in_bulk([row["department"] for row in rows if row["department"]])
    result = [
        DepartmentCompletion(departments.get(row["department"]), row["total"], row["acknowledged"])
        for row in rows
    ]
    return sorted(result, key=lambda r: (r.department is None, r.department.code if r.department else ""))


def acknowledgements_of(version, *, department=None, outstanding_only=False):
    acks = (
        Acknowledgement.objects.filter(version=version)
        .exclude(status=Acknowledgement.Status.SUPERSEDED)
        .select_related("user", "department")
        .order_by("department__code", "user__last_name", "user__first_name", "user__username")
    )
    if department is not None:
        acks = acks.filter(department=department)
    if outstanding_only:
        acks = acks.filter(status=Acknowledgement.Status.OPEN)
    return acks
