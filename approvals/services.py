"""Writes: approval routes and signing, withdrawal, change requests, distribution, acknowledgement.

Signing services call ``signing_authenticate`` *before* their transaction (a wrong
password is recorded even though nothing is signed), then lock the version row and
re-check everything: two signers finishing the last stage at once serialise on that
lock, so exactly one of them fires the approval.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from approvals.models import (
    Acknowledgement,
    ApprovalRoute,
    ChangeRequest,
    Decision,
    DistributionGroup,
    Meaning,
    RouteStage,
    RouteTemplate,
    RouteTemplateStage,
    Signature,
    StageMode,
)
from documents import services as document_services
from documents.files import check_upload, sha256_of
from documents.models import DocumentVersion
from documents.permissions import confidential_reader_ids, visible_version_q
from documents.workflow import LIFECYCLE, Action, Status, TransitionError
from notifications.services import notify, notify_many
from organisation.models import Department
from organisation.roles import Role
from qms.history import save_recorded as _save
from signatures.services import signing_authenticate

READ_DRAFTS = "documents.view_unapproved_version"
MANAGE_ROUTES = "approvals.manage_routes"
DECIDE_CHANGE_REQUESTS = "approvals.decide_change_request"
MANAGE_DISTRIBUTION = "approvals.manage_distribution"
RETURNING_DECISIONS = (Decision.REQUEST_CHANGES, Decision.REJECT)


class NotASigner(TransitionError):
    """The user may see the version but is not a signer of its active stage."""


class OneStagePerSigner(TransitionError):
    """Segregation of duties: the signer already signed another stage of this route in
    this round (or signing now would leave a later stage with nobody to sign it)."""


# --- routes -------------------------------------------------------------------------


def route_template_for(*, doc_type, department) -> RouteTemplate | None:
    """The most specific active template: type and department, then type, then department,
    then a template for any type and department."""
    candidates = RouteTemplate.objects.filter(
        Q(doc_type=doc_type) | Q(doc_type__isnull=True),
        Q(department=department) | Q(department__isnull=True),
        is_active=True,
    )
    ranked = sorted(candidates, key=lambda t: (t.doc_type_id is None, t.department_id is None, t.pk))
    return ranked[0] if ranked else None


def _copy_stages(source_stages, route, *, actor):
    for position, stage in enumerate(source_stages, start=1):
        copy = RouteStage(
            route=route,
            position=position,
            name=stage.name,
            meaning=stage.meaning,
            mode=stage.mode,
            group_id=stage.group_id,
        )
        _save(copy, actor=actor, reason="copy route")
        copy.users.set(stage.users.all())


def route_open_for_draft(*, version, actor) -> ApprovalRoute:
    """Hook ``draft_opened``: the new draft gets a copy of the matching route template."""
    document = version.document
    template = route_template_for(doc_type=document.doc_type, department=document.department)
    route = ApprovalRoute(
        version=version,
        template=template,
        one_stage_per_signer=template.one_stage_per_signer if template is not None else True,
    )
    _save(route, actor=actor, reason="draft")
    if template is not None:
        _copy_stages(template.stages.prefetch_related("users").order_by("position", "pk"), route, actor=actor)
    return route


def route_for_version(version, *, actor) -> ApprovalRoute:
    """The version's route; a version drafted before routes existed gets one now."""
    route = ApprovalRoute.objects.filter(version=version).first()
    return route or route_open_for_draft(version=version, actor=actor)


@dataclass
class StageInput:
    name: str
    meaning: str = Meaning.APPROVED
    mode: str = StageMode.ANY
    users: list = field(default_factory=list)
    group: object = None


def _clean_stages(stages: list[StageInput]) -> None:
    errors = []
    for number, stage in enumerate(stages, start=1):
        if not (stage.name or "").strip():
            errors.append(_("Stage %(n)s needs a name.") % {"n": number})
        if stage.meaning not in (Meaning.REVIEWED, Meaning.APPROVED):
            errors.append(_("Stage %(n)s: the meaning must be reviewed or approved.") % {"n": number})
        if stage.mode not in StageMode.values:
            errors.append(_("Stage %(n)s: the mode must be all or any.") % {"n": number})
        if not stage.users and stage.group is None:
            errors.append(_("Stage %(n)s needs signers: users or a group.") % {"n": number})
    if errors:
        raise ValidationError({"stages": errors})


@transaction.atomic
def route_set(*, actor, version, stages: list[StageInput], planned_effective_date=None) -> ApprovalRoute:
    """The officer adjusts the route of one version; only while it is a draft."""
    if not actor.has_perm(MANAGE_ROUTES):
        raise PermissionDenied(_("Only QMS officers set approval routes."))
    version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    if version.status != Status.DRAFT:
        raise TransitionError(_("The route can only change while the version is a draft."))
    if planned_effective_date is not None and planned_effective_date < timezone.localdate():
        raise ValidationError({"planned_effective_date": _("The effective date cannot be in the past.")})
    _clean_stages(stages)
    route = route_for_version(version, actor=actor)
    route.stages.all().delete()
    for position, stage in enumerate(stages, start=1):
        row = RouteStage(
            route=route,
            position=position,
            name=stage.name.strip(),
            meaning=stage.meaning,
            mode=stage.mode,
            group=stage.group,
        )
        _save(row, actor=actor, reason="edit route")
        row.users.set(stage.users)
    route.planned_effective_date = planned_effective_date
    _save(route, actor=actor, reason="edit route", update_fields=["planned_effective_date"])
    return route


@transaction.atomic
def route_template_save(
    *,
    actor,
    template=None,
    name: str,
    doc_type=None,
    department=None,
    is_active=True,
    one_stage_per_signer=True,
    stages: list[StageInput],
) -> RouteTemplate:
    """Create or change a route template; later drafts copy it, existing routes keep theirs."""
    if not actor.has_perm(MANAGE_ROUTES):
        raise PermissionDenied(_("Only QMS officers set approval routes."))
    if not (name or "").strip():
        raise ValidationError({"name": _("A name is required.")})
    _clean_stages(stages)
    if template is None:
        template = RouteTemplate()
    else:
        template = RouteTemplate.objects.select_for_update().get(pk=template.pk)
    template.name, template.doc_type, template.department, template.is_active = (
        name.strip(),
        doc_type,
        department,
        is_active,
    )
    template.one_stage_per_signer = bool(one_stage_per_signer)
    _save(template, actor=actor, reason="route template")
    template.stages.all().delete()
    for position, stage in enumerate(stages, start=1):
        row = RouteTemplateStage(
            template=template,
            position=position,
            name=stage.name.strip(),
            meaning=stage.meaning,
            mode=stage.mode,
            group=stage.group,
        )
        _save(row, actor=actor, reason="route template")
        row.users.set(stage.users)
    return template


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


def routes_progress(routes) -> dict[int, list[StageProgress]]:
    """Where the current round of each route stands, stage by stage, in a fixed number of
    queries whatever the number of routes. Earlier rounds do not count. Each route's
    ``version`` should be loaded (select_related) to spare a query per route."""
    routes = list(routes)
    if not routes:
        return {}
    stages = list(
        RouteStage.objects.filter(route__in=routes).prefetch_related("users").order_by("route_id", "position")
    )
    rounds = {route.version_id: route.round for route in routes}
    approved: dict[tuple, set] = defaultdict(set)
    for version_id, round_, position, signer_id in Signature.objects.filter(
        version_id__in=rounds, decision=Decision.APPROVE, stage_position__isnull=False
    ).values_list("version_id", "round", "stage_position", "signer_id"):
        if rounds[version_id] == round_:
            approved[(version_id, position)].add(signer_id)
    members: dict[int, set] = defaultdict(set)
    group_ids = {stage.group_id for stage in stages if stage.group_id}
    for group_id, user_id in (
        get_user_model()
        .groups.through.objects.filter(group_id__in=group_ids)
        .values_list("group_id", "user_id")
    ):
        members[group_id].add(user_id)
    listed = {stage.pk: {user.pk for user in stage.users.all()} for stage in stages}
    candidates = set().union(*listed.values(), *members.values())
    signers = (
        set(_signers_qs().filter(pk__in=candidates).values_list("pk", flat=True)) if candidates else set()
    )
    by_route = {route.pk: route for route in routes}
    # A confidential document's route: members of a stage's group sign only when the
    # organisation granted them the document; the users named on the stage always may.
    confidential_readers = {
        route.pk: confidential_reader_ids(route.version.document, candidates)
        for route in routes
        if route.version.document.is_confidential
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
        if route.one_stage_per_signer and route.version.status == Status.IN_REVIEW:
            _bar_signers_of_other_stages(progress[route.pk])
    return progress


def _bar_signers_of_other_stages(items: list[StageProgress]) -> None:
    """Segregation of duties within the round in review: whoever approved one stage is
    no longer eligible for the others (and an "all" stage no longer waits for them)."""
    for item in items:
        elsewhere = set().union(*(other.approved_by for other in items if other is not item))
        item.barred |= item.eligible & elsewhere
        item.eligible = item.eligible - elsewhere
        item.complete = bool(item.approved_by) and (
            item.stage.mode == StageMode.ANY or item.eligible <= item.approved_by
        )


def _stages_can_finish(stages: list[tuple[str, set]], consumed: set) -> bool:
    """Whether (mode, eligible user ids) stages, signed in order, can each get signed when
    nobody signs two of them and ``consumed`` users already signed. An "all" stage takes
    everyone left on it; for an "any" stage, signers who sit on the same later stages are
    interchangeable, so one of each kind is tried."""
    if not stages:
        return True
    (mode, eligible), rest = stages[0], stages[1:]
    available = eligible - consumed
    if not available:
        return False
    if mode == StageMode.ALL:
        return _stages_can_finish(rest, consumed | available)
    kinds = {}
    for user_id in sorted(available):
        kinds.setdefault(tuple(user_id in later for _mode, later in rest), user_id)
    return any(_stages_can_finish(rest, consumed | {user_id}) for user_id in kinds.values())


def _check_one_stage_per_signer(*, actor, route, progress, decision) -> None:
    """Refuse a signature that breaks the route's one-stage-per-signer rule: the actor
    already approved another stage in this round, or their approval would leave a later
    stage with nobody allowed to sign it while another signer of this one would not."""
    current = active_stage(progress)
    if not route.one_stage_per_signer or current is None:
        return
    if actor.pk in current.barred:
        signed = next(item for item in progress if actor.pk in item.approved_by)
        raise OneStagePerSigner(
            _(
                "You already signed the stage “%(signed)s” in this round. Each signer signs one "
                "stage of this route, so someone else must sign “%(stage)s”. Nothing was signed."
            )
            % {"signed": signed.stage.name, "stage": current.stage.name}
        )
    if (
        decision != Decision.APPROVE
        or current.stage.mode != StageMode.ANY
        or actor.pk not in current.eligible
    ):
        return
    # Refuse only when another signer of this stage would let the route finish.
    signed = set().union(*(item.approved_by for item in progress))
    later = [(item.stage.mode, item.eligible) for item in progress[progress.index(current) + 1 :]]
    others = [(StageMode.ANY, current.eligible - {actor.pk}), *later]
    if not _stages_can_finish(later, signed | {actor.pk}) and _stages_can_finish(others, signed):
        raise OneStagePerSigner(
            _(
                "Each signer signs one stage of this route, and you are needed for a later stage: "
                "if you approve “%(stage)s”, nobody would be left to sign it. Let another signer "
                "approve this stage, or request changes. Nothing was signed."
            )
            % {"stage": current.stage.name}
        )


def route_progress(route: ApprovalRoute) -> list[StageProgress]:
    """Where the current round stands, stage by stage. Earlier rounds do not count."""
    return routes_progress([route])[route.pk]


def active_stage(progress: list[StageProgress]) -> StageProgress | None:
    return next((p for p in progress if not p.complete), None)


def route_check_submittable(*, version, actor) -> None:
    """Hook ``submit``: refuse a draft whose route cannot lead to an approval."""
    route = route_for_version(version, actor=actor)
    stages = list(route.stages.all())
    if not any(stage.meaning == Meaning.APPROVED for stage in stages):
        raise TransitionError(
            _(
                "This draft has no approval route with an approving stage. "
                "Ask a QMS officer to set the route before submitting."
            )
        )
    for item in route_progress(route):
        if not item.eligible:
            raise TransitionError(
                _(
                    "Nobody can sign the stage “%(stage)s”: its signers must be active, allowed to "
                    "read drafts, and not the author; for a confidential document, also named on "
                    "the stage or granted the document. Ask a QMS officer to fix the route."
                )
                % {"stage": item.stage.name}
            )
    _check_enough_distinct_signers(route)


def _check_enough_distinct_signers(route) -> None:
    """Under the one-stage-per-signer rule, the stages need enough different signers."""
    if not route.one_stage_per_signer:
        return
    stages = [(item.stage.mode, item.eligible) for item in route_progress(route)]
    if not _stages_can_finish(stages, set()):
        raise TransitionError(
            _(
                "Each signer signs one stage of this route, but its stages do not have enough "
                "different signers to be signed to the end. Ask a QMS officer to fix the route."
            )
        )


def _notify_stage(version, item: StageProgress, *, exclude=()):
    users = get_user_model().objects.filter(pk__in=item.eligible - item.approved_by - set(exclude))
    for user in users:
        notify(
            recipient=user,
            kind="approval.sign",
            subject=gettext_lazy("Signature needed: %(number)s rev. %(rev)s"),
            message=gettext_lazy(
                "%(number)s %(title)s, revision %(rev)s, waits for your signature at the stage “%(stage)s”."
            ),
            url=reverse("approvals:sign", args=[version.pk]),
            context={
                "number": version.document.number,
                "title": version.document.title,
                "rev": version.revision_label,
                "stage": item.stage.name,
            },
        )


def route_start_round(*, version, actor) -> None:
    """Hook ``submitted``: a new round begins; the first stage's signers are told."""
    route = ApprovalRoute.objects.select_for_update().get(version=version)
    route.round += 1
    _save(route, actor=actor, reason="submit", update_fields=["round"])
    current = active_stage(route_progress(route))
    if current is not None:
        _notify_stage(version, current)


def route_check_complete(*, version, actor) -> None:
    """Hook ``approve``: only a completed route approves, fired by its last signer."""
    route = ApprovalRoute.objects.filter(version=version).first()
    if route is None or route.round == 0 or active_stage(route_progress(route)) is not None:
        raise TransitionError(
            _("A version is approved by the signatures of its approval route, not directly.")
        )
    if not Signature.objects.filter(
        version=version, round=route.round, signer=actor, decision=Decision.APPROVE
    ).exists():
        raise PermissionDenied(_("Only a signer of the route approves."))


def route_check_returned(*, version, actor) -> None:
    """Hook ``reject``: only a signer's decision in this round returns the version."""
    route = ApprovalRoute.objects.filter(version=version).first()
    if route is None or not Signature.objects.filter(
        version=version, round=route.round, signer=actor, decision__in=RETURNING_DECISIONS
    ):
        raise TransitionError(
            _("A version goes back to its author through a signer's decision on the approval route.")
        )


def signed_content_sha256(version) -> str:
    """SHA-256 of what is signed: the stored file's bytes (checked against the checksum
    taken at upload), or the authored text when there is no file."""
    if version.file:
        with version.file.open("rb") as handle:
            digest = sha256_of(handle)
        if version.checksum and digest != version.checksum:
            raise TransitionError(
                _("The stored file does not match its checksum. Nothing was signed; tell the QMS officer.")
            )
        return digest
    return hashlib.sha256(version.body.encode("utf-8")).hexdigest()


def _role_names(user) -> str:
    names = set(user.groups.filter(name__in=Role.ALL).values_list("name", flat=True))
    return ", ".join(name for name in Role.ALL if name in names)


def _signer_name(user) -> str:
    return user.get_full_name() or user.get_username()


def version_sign(*, actor, version, decision: str, comment: str = "", password: str) -> Signature:
    """Sign the active stage of a version in review: approve, request changes or reject.

    The password is checked first (a wrong one records a failed attempt and signs nothing).
    """
    comment = (comment or "").strip()
    if decision not in (Decision.APPROVE, Decision.REQUEST_CHANGES, Decision.REJECT):
        raise ValidationError({"decision": _("Choose approve, request changes or reject.")})
    if decision != Decision.APPROVE and not comment:
        raise ValidationError(
            {"comment": _("Say what must change: a comment is required unless you approve.")}
        )
    _sign_precheck(actor=actor, version=DocumentVersion.objects.get(pk=version.pk))
    route = ApprovalRoute.objects.filter(version_id=version.pk).select_related("version__document").first()
    if route is not None:
        # Before the password: a signer this rule refuses is not locked out for trying.
        _check_one_stage_per_signer(
            actor=actor, route=route, progress=route_progress(route), decision=decision
        )
    signing_authenticate(user=actor, password=password, purpose=f"sign version {version.pk}")
    return _sign(actor=actor, version_id=version.pk, decision=decision, comment=comment)


def _sign_precheck(*, actor, version) -> None:
    # Cheap checks before the password, so a user who cannot sign is not locked out for trying.
    if version.status != Status.IN_REVIEW:
        raise TransitionError(_("This version is not in review; nothing was signed."))
    if actor.pk == version.author_id:
        raise TransitionError(_("The author cannot sign their own version."))


@transaction.atomic
def _sign(*, actor, version_id, decision, comment) -> Signature:
    version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version_id)
    _sign_precheck(actor=actor, version=version)
    route = ApprovalRoute.objects.select_for_update().get(version=version)
    progress = route_progress(route)
    current = active_stage(progress)
    _check_one_stage_per_signer(actor=actor, route=route, progress=progress, decision=decision)
    if current is None or actor.pk not in current.eligible:
        raise NotASigner(_("You are not a signer of the active stage of this version."))
    if actor.pk in current.approved_by:
        raise TransitionError(_("You have already signed this stage."))
    signature = Signature.objects.create(
        version=version,
        round=route.round,
        stage_position=current.stage.position,
        stage_name=current.stage.name,
        signer=actor,
        signer_name=_signer_name(actor),
        signer_role=_role_names(actor),
        meaning=current.stage.meaning,
        decision=decision,
        comment=comment,
        content_sha256=signed_content_sha256(version),
    )
    if decision in RETURNING_DECISIONS:
        _return_to_author(actor=actor, version=version, signature=signature)
        return signature
    current.approved_by.add(actor.pk)
    current.complete = current.stage.mode == StageMode.ANY or current.eligible <= current.approved_by
    if route.one_stage_per_signer:
        _bar_signers_of_other_stages(progress)  # the next stage's signers, without this one
    following = active_stage(progress)
    if following is None:
        _approve(actor=actor, version=version, route=route, comment=comment)
    elif following is not current:
        _notify_stage(version, following)
    return signature


def _return_to_author(*, actor, version, signature):
    label = _("Changes requested") if signature.decision == Decision.REQUEST_CHANGES else _("Rejected")
    document_services.version_reject(
        actor=actor,
        version=version,
        comment=f"{label} ({signature.stage_name}, {signature.signer_name}): {signature.comment}",
    )
    notify(
        recipient=version.author,
        kind="approval.returned",
        subject=gettext_lazy("Returned to you: %(number)s rev. %(rev)s"),
        message=gettext_lazy("%(signer)s returned the draft: %(comment)s"),
        url=reverse("documents:version_detail", args=[version.pk]),
        context={
            "number": version.document.number,
            "rev": version.revision_label,
            "signer": signature.signer_name,
            "comment": signature.comment,
        },
    )


def _approve(*, actor, version, route, comment):
    document_services.version_approve(actor=actor, version=version, comment=comment)
    version = document_services.version_publish_on_effective_date(
        version=version, effective_date=route.planned_effective_date
    )
    notify(
        recipient=version.author,
        kind="approval.approved",
        subject=gettext_lazy("Approved: %(number)s rev. %(rev)s"),
        message=gettext_lazy("Revision %(rev)s of %(number)s %(title)s is approved, effective %(date)s."),
        url=reverse("documents:version_detail", args=[version.pk]),
        context={
            "number": version.document.number,
            "title": version.document.title,
            "rev": version.revision_label,
            "date": (version.effective_date or timezone.localdate()).strftime("%d/%m/%Y"),
        },
    )


# --- withdrawal ---------------------------------------------------------------------


def _withdraw_precheck(*, actor, version):
    rule = LIFECYCLE.transition(version.status, Action.WITHDRAW)
    if not (LIFECYCLE.may_fire(actor, version, rule) and actor.has_perm("documents.approve_version")):
        raise PermissionDenied(_("Withdrawal is signed by an approver with the right to withdraw."))


def version_withdraw_signed(*, actor, version, reason: str, password: str) -> Signature:
    """Withdraw an effective (or approved-pending) version: a reason and the signature of an
    approver who may withdraw, after re-entering the password."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason for withdrawal is required.")})
    _withdraw_precheck(actor=actor, version=DocumentVersion.objects.get(pk=version.pk))
    signing_authenticate(user=actor, password=password, purpose=f"withdraw version {version.pk}")
    return _withdraw(actor=actor, version_id=version.pk, reason=reason)


@transaction.atomic
def _withdraw(*, actor, version_id, reason) -> Signature:
    version = DocumentVersion.objects.select_for_update().select_related("document").get(pk=version_id)
    _withdraw_precheck(actor=actor, version=version)
    route = ApprovalRoute.objects.filter(version=version).first()
    signature = Signature.objects.create(
        version=version,
        round=route.round if route else 0,
        stage_position=None,
        stage_name=_("Withdrawal"),
        signer=actor,
        signer_name=_signer_name(actor),
        signer_role=_role_names(actor),
        meaning=Meaning.WITHDRAWN,
        decision=Decision.WITHDRAW,
        comment=reason,
        content_sha256=signed_content_sha256(version),
    )
    document_services.version_withdraw(actor=actor, version=version, reason=reason)
    return signature


def withdrawal_check_signed(*, version, actor) -> None:
    """Hook ``withdraw``: no withdrawal without the withdrawing approver's signature."""
    if not Signature.objects.filter(version=version, signer=actor, decision=Decision.WITHDRAW).exists():
        raise TransitionError(
            _("Withdrawal needs an approver's electronic signature: use “Withdraw with signature”.")
        )


# --- distribution and read-acknowledgement ------------------------------------------


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


def _open_acknowledgements(*, version, actor, readers: dict) -> list[Acknowledgement]:
    existing = set(Acknowledgement.objects.filter(version=version).values_list("user_id", flat=True))
    new = [
        Acknowledgement(version=version, user_id=user_id, department_id=department_id)
        for user_id, department_id in readers.items()
        if user_id not in existing
    ]
    if not new:
        return []
    created = bulk_create_with_history(
        new, Acknowledgement, default_user=actor, default_change_reason="effective"
    )
    notify_many(
        recipients=get_user_model().objects.filter(pk__in=[ack.user_id for ack in new]),
        kind="acknowledgement.task",
        subject=gettext_lazy("Please read: %(number)s rev. %(rev)s"),
        message=gettext_lazy(
            "%(number)s %(title)s, revision %(rev)s, is effective. Read it and confirm that you "
            "have read and understood it."
        ),
        url=reverse("documents:version_detail", args=[version.pk]),
        context={
            "number": version.document.number,
            "title": version.document.title,
            "rev": version.revision_label,
        },
    )
    return created


def _close_open(queryset, *, actor, status, reason):
    now = timezone.now()
    for ack in queryset.filter(status=Acknowledgement.Status.OPEN).select_for_update().order_by("pk"):
        ack.status = status
        ack.closed_at = now
        _save(ack, actor=actor, reason=reason, update_fields=["status", "closed_at"])


def acknowledgements_on_effective(*, version, actor, superseded=()) -> None:
    """Hook ``effective``: readers get a task for the new version; older tasks close."""
    _close_open(
        Acknowledgement.objects.filter(version__document_id=version.document_id).exclude(version=version),
        actor=actor,
        status=Acknowledgement.Status.SUPERSEDED,
        reason="superseded",
    )
    _open_acknowledgements(version=version, actor=actor, readers=distribution_readers(version.document))


def acknowledgements_on_withdrawn(*, version, actor) -> None:
    """Hook ``withdrawn``: nobody needs to read a withdrawn version any more."""
    _close_open(
        Acknowledgement.objects.filter(version=version),
        actor=actor,
        status=Acknowledgement.Status.WITHDRAWN,
        reason="withdrawn",
    )


@transaction.atomic
def distribution_set(*, actor, document, departments, groups) -> None:
    """Who must read the document. New readers of the effective version get their task now."""
    if not actor.has_perm(MANAGE_DISTRIBUTION):
        raise PermissionDenied(_("Only QMS officers set the distribution."))
    document = type(document).objects.select_for_update().get(pk=document.pk)
    document.distribution.set(departments)
    DistributionGroup.objects.filter(document=document).exclude(group__in=groups).delete()
    for group in groups:
        if not DistributionGroup.objects.filter(document=document, group=group).exists():
            _save(DistributionGroup(document=document, group=group), actor=actor, reason="distribution")
    effective = document.versions.filter(status=Status.EFFECTIVE).first()
    if effective is not None:
        _open_acknowledgements(version=effective, actor=actor, readers=distribution_readers(document))


@transaction.atomic
def acknowledgement_confirm(*, actor, acknowledgement) -> Acknowledgement:
    """One click: the reader confirms they have read and understood this version."""
    ack = Acknowledgement.objects.select_for_update().filter(pk=acknowledgement.pk, user=actor).first()
    if ack is None:
        raise PermissionDenied(_("This is not your task."))
    if ack.status == Acknowledgement.Status.ACKNOWLEDGED:
        return ack
    if ack.status != Acknowledgement.Status.OPEN:
        raise TransitionError(_("This version is no longer current; nothing to acknowledge."))
    ack.status = Acknowledgement.Status.ACKNOWLEDGED
    ack.acknowledged_at = timezone.now()
    _save(ack, actor=actor, reason="acknowledged", update_fields=["status", "acknowledged_at"])
    return ack


# --- change requests ----------------------------------------------------------------


def _officers():
    return get_user_model().objects.with_perm(
        DECIDE_CHANGE_REQUESTS, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )


@transaction.atomic
def change_request_create(*, actor, document, what: str, why: str, attachment=None) -> ChangeRequest:
    """Anyone who can read the effective version proposes a change."""
    if not DocumentVersion.objects.filter(
        visible_version_q(actor), document=document, status=Status.EFFECTIVE
    ).exists():
        raise PermissionDenied(_("Only readers of the effective version propose changes."))
    errors = {}
    if not (what or "").strip():
        errors["what"] = _("Say what should change.")
    if not (why or "").strip():
        errors["why"] = _("Say why.")
    if errors:
        raise ValidationError(errors)
    request = ChangeRequest(document=document, requested_by=actor, what=what.strip(), why=why.strip())
    if attachment is not None:
        checked = check_upload(attachment)
        request.attachment.save(checked.original_filename, attachment, save=False)
        request.attachment_name = checked.original_filename
    _save(request, actor=actor, reason="request")
    recipients = {document.owner_id, *_officers().values_list("pk", flat=True)} - {actor.pk}
    for user in get_user_model().objects.filter(pk__in=recipients, is_active=True):
        notify(
            recipient=user,
            kind="change_request.new",
            subject=gettext_lazy("Change request for %(number)s"),
            message=gettext_lazy("%(requester)s proposes a change to %(number)s %(title)s: %(what)s"),
            url=reverse("approvals:change_request_detail", args=[request.pk]),
            context={
                "number": document.number,
                "title": document.title,
                "requester": _signer_name(actor),
                "what": request.what,
            },
        )
    return request


def _lock_open_request(*, actor, change_request) -> ChangeRequest:
    if not actor.has_perm(DECIDE_CHANGE_REQUESTS):
        raise PermissionDenied(_("Only QMS officers decide change requests."))
    request = ChangeRequest.objects.select_for_update().select_related("document").get(pk=change_request.pk)
    if request.status != ChangeRequest.Status.OPEN:
        raise TransitionError(_("This change request has already been decided."))
    return request


def _notify_decision(request):
    notify(
        recipient=request.requested_by,
        kind="change_request.decided",
        subject=gettext_lazy("Your change request for %(number)s: %(outcome)s"),
        message=gettext_lazy("%(outcome)s. %(reason)s"),
        url=reverse("approvals:change_request_detail", args=[request.pk]),
        context={
            "number": request.document.number,
            "outcome": request.get_status_display(),
            "reason": request.decision_reason,
        },
    )


@transaction.atomic
def change_request_accept(*, actor, change_request, reason: str = "") -> ChangeRequest:
    """Accept: a new draft revision is opened for the document owner (or the revision
    already in progress takes the request on), linked to the request."""
    request = _lock_open_request(actor=actor, change_request=change_request)
    document = request.document
    in_progress = document.versions.filter(status__in=[Status.DRAFT, Status.IN_REVIEW]).order_by("-revision")
    version = in_progress.first()
    if version is None:
        effective = document.versions.filter(status=Status.EFFECTIVE).first()
        if effective is None:
            raise TransitionError(_("This document has no effective version to revise."))
        file = None
        if effective.file:
            with effective.file.open("rb") as handle:
                file = ContentFile(handle.read(), name=effective.original_filename or "document")
        version = document_services.version_create_draft(
            actor=actor,
            document=document,
            file=file,
            body=effective.body,
            change_summary=request.what,
            author=document.owner,
        )
    request.status = ChangeRequest.Status.ACCEPTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = (reason or "").strip()
    request.resulting_version = version
    _save(
        request,
        actor=actor,
        reason="accept",
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "resulting_version"],
    )
    _notify_decision(request)
    if document.owner_id != actor.pk:
        notify(
            recipient=document.owner,
            kind="change_request.draft",
            subject=gettext_lazy("New draft to prepare: %(number)s rev. %(rev)s"),
            message=gettext_lazy("A change request was accepted: %(what)s"),
            url=reverse("documents:version_detail", args=[version.pk]),
            context={"number": document.number, "rev": version.revision_label, "what": request.what},
        )
    return request


@transaction.atomic
def change_request_decline(*, actor, change_request, reason: str) -> ChangeRequest:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the request is declined.")})
    request = _lock_open_request(actor=actor, change_request=change_request)
    request.status = ChangeRequest.Status.DECLINED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason.strip()
    _save(
        request,
        actor=actor,
        reason="decline",
        update_fields=["status", "decided_by", "decided_at", "decision_reason"],
    )
    _notify_decision(request)
    return request
