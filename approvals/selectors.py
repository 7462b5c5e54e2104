"""Reads for approvals. Versions and documents are always fetched through the documents
selectors first, so who-sees-what stays one rule; forbidden and missing are both 404."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404

from approvals.models import (
    Acknowledgement,
    ApprovalRoute,
    ChangeRequest,
    Decision,
    DistributionDefault,
    DistributionGroup,
    DistributionNoReaders,
    RouteStage,
    Signature,
    StageMode,
)
from approvals.permissions import DECIDE_CHANGE_REQUESTS, MANAGE_DISTRIBUTION, READ_DRAFTS
from documents.models import DocumentVersion
from documents.permissions import confidential_reader_ids, visible_version_q
from documents.selectors import document_get_for_user, version_list_visible_to
from documents.workflow import DocumentStatus
from organisation.models import Department

# --- routes and where they stand ---


def route_of(version) -> ApprovalRoute | None:
    return ApprovalRoute.objects.filter(version=version).select_related("version__document").first()


def route_with_stages_of(version) -> tuple[ApprovalRoute | None, list]:
    """The version's route and its stages (group and named users loaded), read through the
    stages: one query fewer than ``route_of`` and then the stages (the version page)."""
    stages = list(
        RouteStage.objects.filter(route__version=version)
        .select_related("route", "group")
        .prefetch_related("users")
        .order_by("position")
    )
    if not stages:
        return route_of(version), []
    route = stages[0].route
    route.version = version
    for stage in stages:
        stage.route = route
    return route, stages


def _signers_qs():
    # Signers must be able to open the version they sign.
    return get_user_model().objects.with_perm(
        READ_DRAFTS, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )


@dataclass
class StageProgress:
    stage: RouteStage
    eligible: set  # user ids who may sign this stage now
    approved_by: set  # user ids who approved it in the current round
    complete: bool
    # qualified, but kept off this stage by the route's one-stage-per-signer rule
    barred: set = field(default_factory=set)


def _stages_of(routes) -> list:
    return list(
        RouteStage.objects.filter(route__in=routes)
        .select_related("group")
        .prefetch_related("users")
        .order_by("route_id", "position")
    )


def routes_progress(
    routes, *, eligibility: bool = True, signatures=None, stages=None
) -> dict[int, list[StageProgress]]:
    """Where the current round of each route stands, stage by stage, in a fixed number of
    queries whatever the number of routes. Earlier rounds do not count. Each route's
    ``version`` should be loaded (select_related) to spare a query per route.
    ``eligibility=False`` leaves out who may sign now (``eligible`` empty): enough for a
    version out of review, whose stages are only shown (two queries fewer).
    ``signatures``: all the signatures of the routes' versions, when the caller has read
    them already (one query fewer); ``stages``: the routes' stages, likewise
    (``route_with_stages_of``)."""
    routes = list(routes)
    if not routes:
        return {}
    stages = _stages_of(routes) if stages is None else stages
    rounds = {route.version_id: route.round for route in routes}
    approved: dict[tuple, set] = defaultdict(set)
    if signatures is None:
        approvals = Signature.objects.filter(
            version_id__in=rounds, decision=Decision.APPROVE, stage_position__isnull=False
        ).values_list("version_id", "round", "stage_position", "signer_id")
    else:
        approvals = [
            (s.version_id, s.round, s.stage_position, s.signer_id)
            for s in signatures
            if s.decision == Decision.APPROVE and s.stage_position is not None and s.version_id in rounds
        ]
    for version_id, round_, position, signer_id in approvals:
        if rounds[version_id] == round_:
            approved[(version_id, position)].add(signer_id)
    members: dict[int, set] = defaultdict(set)
    group_ids = {stage.group_id for stage in stages if stage.group_id} if eligibility else set()
    for group_id, user_id in (
        get_user_model()
        .groups.through.objects.filter(group_id__in=group_ids)
        .values_list("group_id", "user_id")
    ):
        members[group_id].add(user_id)
    listed = {stage.pk: {user.pk for user in stage.users.all()} for stage in stages}
    candidates = set().union(*listed.values(), *members.values())
    signers = (
        set(_signers_qs().filter(pk__in=candidates).values_list("pk", flat=True))
        if candidates and eligibility
        else set()
    )
    by_route = {route.pk: route for route in routes}
    # A confidential document's route: members of a stage's group sign only when the
    # organisation granted them the document; the users named on the stage always may.
    confidential_readers = {
        route.pk: confidential_reader_ids(route.version.document, candidates)
        for route in routes
        if route.version.document.is_confidential and eligibility
    }
    progress: dict[int, list[StageProgress]] = {route.pk: [] for route in routes}
    for stage in stages:
        route = by_route[stage.route_id]
        from_group = members.get(stage.group_id, set())
        if route.pk in confidential_readers:
            from_group = from_group & confidential_readers[route.pk]
        eligible = (listed[stage.pk] | from_group) & signers
        eligible.discard(route.version.author_id)
        signed = approved.get((route.version_id, stage.position), set())
        # "all": everyone who may sign now has signed (someone, at least); "any": one did.
        complete = bool(signed) and (stage.mode == StageMode.ANY or eligible <= signed)
        progress[route.pk].append(StageProgress(stage, eligible, signed, complete))
    for route in routes:
        if route.one_stage_per_signer and route.version.status == DocumentStatus.IN_REVIEW:
            progress_bar_signers_of_other_stages(progress[route.pk])
    return progress


def progress_bar_signers_of_other_stages(items: list[StageProgress]) -> None:
    """Segregation of duties within the round in review: whoever approved one stage is
    no longer eligible for the others (and an "all" stage no longer waits for them)."""
    for item in items:
        elsewhere = set().union(*(other.approved_by for other in items if other is not item))
        item.barred |= item.eligible & elsewhere
        item.eligible = item.eligible - elsewhere
        item.complete = bool(item.approved_by) and (
            item.stage.mode == StageMode.ANY or item.eligible <= item.approved_by
        )


def route_progress(
    route: ApprovalRoute, *, eligibility: bool = True, signatures=None, stages=None
) -> list[StageProgress]:
    """Where the current round stands, stage by stage. Earlier rounds do not count."""
    return routes_progress([route], eligibility=eligibility, signatures=signatures, stages=stages)[route.pk]


def active_stage(progress: list[StageProgress]) -> StageProgress | None:
    return next((p for p in progress if not p.complete), None)


@dataclass
class SigningTask:
    version: DocumentVersion
    stage: RouteStage
    round: int


def signing_tasks_for(user) -> list[SigningTask]:
    """Versions in review whose *active* stage the user may sign and has not signed yet."""
    # Driven by the user's own stages (a handful), not by every visible version: at
    # 300,000 versions the join the other way round scanned them all (issue 12).
    named = set(
        RouteStage.objects.filter(
            Q(users=user) | Q(group__user=user), route__version__status=DocumentStatus.IN_REVIEW
        ).values_list("route__version_id", flat=True)
    )
    if not named:
        return []
    candidates = (
        version_list_visible_to(user)
        .filter(status=DocumentStatus.IN_REVIEW, pk__in=named)
        .exclude(author=user)
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
    if version.status != DocumentStatus.IN_REVIEW or version.author_id == user.pk:
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
    """Officers see every request; owners those on their documents; everyone their own;
    and only while they may see the document (a request shows its title)."""
    requests = ChangeRequest.objects.select_related("document", "requested_by", "decided_by")
    if not user.has_perm(DECIDE_CHANGE_REQUESTS):
        requests = requests.filter(Q(requested_by=user) | Q(document__owner=user)).filter(
            document__in=version_list_visible_to(user).values("document_id")
        )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-created_at", "-pk")


def change_request_get_for_user(user, pk) -> ChangeRequest:
    try:
        return change_request_list_visible_to(user).get(pk=pk)
    except (ChangeRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such change request.") from None


# --- distribution and acknowledgement ---


def distribution_readers(document) -> dict[int, int | None]:
    """Reader user id -> the department they are counted in (None: no department)."""
    users = get_user_model().objects.filter(is_active=True)
    readers: dict[int, int | None] = {}
    departments = list(document.distribution.order_by("code"))
    for department in departments:
        for user_id in users.filter(groups=department.group_id).values_list("pk", flat=True):
            readers.setdefault(user_id, department.pk)
    group_ids = DistributionGroup.objects.filter(document=document).values_list("group_id", flat=True)
    via_groups = set(users.filter(groups__in=group_ids).values_list("pk", flat=True)) - set(readers)
    if via_groups:
        home = {}
        for department_id, user_id in (
            Department.objects.filter(group__user__in=via_groups)
            .order_by("-code")
            .values_list("pk", "group__user")
        ):
            home[user_id] = department_id
        for user_id in via_groups:
            readers[user_id] = home.get(user_id)
    if document.is_confidential:
        allowed = get_user_model().objects.filter(pk__in=readers)
        readers = {
            user.pk: readers[user.pk]
            for user in allowed
            if DocumentVersion.objects.filter(visible_version_q(user), document=document).exists()
        }
    return readers


def acknowledgement_list_for(user):
    """The user's own read-and-understood tasks, of versions they may still see."""
    return Acknowledgement.objects.filter(user=user, version__in=version_list_visible_to(user).values("pk"))


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


def distribution_no_readers_of(document):
    """The recorded "nobody has to read it" decision of the document, or None."""
    return DistributionNoReaders.objects.filter(document=document).select_related("decided_by").first()


@dataclass
class DistributionSummary:
    """Who will be asked to read a document when a version of it becomes effective."""

    departments: list
    groups: list
    reader_count: int
    no_readers: DistributionNoReaders | None

    @property
    def is_set(self) -> bool:
        return bool(self.departments or self.groups or self.no_readers)


def distribution_summary(document) -> DistributionSummary:
    return DistributionSummary(
        departments=list(document.distribution.order_by("code")),
        groups=[row.group for row in distribution_groups_of(document)],
        reader_count=len(distribution_readers(document)),
        no_readers=distribution_no_readers_of(document),
    )


def most_specific_for(queryset, *, doc_type, department):
    """The row of ``queryset`` (route templates, default readers) that fits a document
    type and owning department most closely: type and department, then type, then
    department, then the row for any type and department; None when none fits."""
    candidates = queryset.filter(
        Q(doc_type=doc_type) | Q(doc_type__isnull=True),
        Q(department=department) | Q(department__isnull=True),
    )
    ranked = sorted(candidates, key=lambda row: (row.doc_type_id is None, row.department_id is None, row.pk))
    return ranked[0] if ranked else None


def distribution_default_for(*, doc_type, department) -> DistributionDefault | None:
    return most_specific_for(DistributionDefault.objects.all(), doc_type=doc_type, department=department)


def distribution_default_list():
    return DistributionDefault.objects.select_related("doc_type", "department").prefetch_related(
        "departments", "groups"
    )


def distribution_default_get_for_manager(user, pk) -> DistributionDefault:
    """A default, for an officer who manages distribution; 404 for anyone else."""
    if not user.has_perm(MANAGE_DISTRIBUTION):
        raise Http404("No such page.")
    try:
        return distribution_default_list().get(pk=pk)
    except (DistributionDefault.DoesNotExist, ValueError, TypeError):
        raise Http404("No such page.") from None


def acknowledgement_of(user, version) -> Acknowledgement | None:
    """The user's read-and-understood task for this version, in whatever status."""
    return Acknowledgement.objects.filter(user=user, version=version).first()


class StageState:
    """Where a stage stands (shown apart from what a signature on it means)."""

    WAITING = "waiting"
    ACTIVE = "active"
    SIGNED = "signed"
    NOT_NEEDED = "not_needed"


@dataclass
class StageView:
    item: StageProgress
    state: str  # a StageState
    signed_by: list[str]  # names of who approved this stage in the current round
    waiting_for: list[str]  # names of who may still sign it (active stage)

    @property
    def stage(self) -> RouteStage:
        return self.item.stage


def _approving_names(route, signatures=None) -> dict[int, list[str]]:
    """Stage position -> names of who approved it in the route's current round."""
    names: dict[int, list[str]] = defaultdict(list)
    if not route.round:
        return names
    if signatures is None:
        signatures = Signature.objects.filter(
            version_id=route.version_id,
            round=route.round,
            decision=Decision.APPROVE,
            stage_position__isnull=False,
        ).order_by("signed_at", "pk")
    for signature in signatures:
        if (
            signature.round == route.round
            and signature.decision == Decision.APPROVE
            and signature.stage_position is not None
        ):
            names[signature.stage_position].append(signature.signer_name)
    return names


def route_stage_views(route, progress: list[StageProgress], signatures=None) -> list[StageView]:
    """Each stage with its state: waiting (not reached, or the draft is not submitted),
    active (signatures awaited now), signed (by whom), not needed (the version left
    review without this stage being signed). ``signatures``: the version's signatures in
    signing order (signatures_of), when the caller has them already."""
    if route is None:
        return []
    status = route.version.status
    names = _approving_names(route, signatures)
    current = active_stage(progress) if status == DocumentStatus.IN_REVIEW else None
    awaited_ids = current.eligible - current.approved_by if current else set()
    awaited = sorted(
        (user.get_full_name() or user.get_username())
        for user in get_user_model().objects.filter(pk__in=awaited_ids)
    )
    views = []
    for item in progress:
        signed = names.get(item.stage.position, []) if status != DocumentStatus.DRAFT else []
        if status == DocumentStatus.DRAFT:
            state = StageState.WAITING
        elif status == DocumentStatus.IN_REVIEW:
            if item.complete:
                state = StageState.SIGNED
            elif item is current:
                state = StageState.ACTIVE
            else:
                state = StageState.WAITING
        else:
            state = StageState.SIGNED if signed else StageState.NOT_NEEDED
        views.append(StageView(item, state, signed, awaited if item is current else []))
    return views
