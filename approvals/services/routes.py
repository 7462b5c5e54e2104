"""Approval routes: templates, a draft's copy, the officer's changes, and the lifecycle
hooks that make the route the only way to approve or return a version."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals import selectors
from approvals.models import (
    ApprovalRoute,
    Decision,
    Meaning,
    RouteStage,
    RouteTemplate,
    RouteTemplateStage,
    Signature,
    StageMode,
)
from approvals.permissions import MANAGE_ROUTES
from approvals.selectors import StageProgress, active_stage, route_progress
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from notifications.services import notify
from qms.history import save_recorded as _save

RETURNING_DECISIONS = (Decision.REQUEST_CHANGES, Decision.REJECT)


def route_template_for(*, doc_type, department) -> RouteTemplate | None:
    """The most specific active template (see selectors.most_specific_for)."""
    return selectors.most_specific_for(
        RouteTemplate.objects.filter(is_active=True), doc_type=doc_type, department=department
    )


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
    if version.status != DocumentStatus.DRAFT:
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


def stages_can_finish(stages: list[tuple[str, set]], consumed: set) -> bool:
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
        return stages_can_finish(rest, consumed | available)
    kinds = {}
    for user_id in sorted(available):
        kinds.setdefault(tuple(user_id in later for _mode, later in rest), user_id)
    return any(stages_can_finish(rest, consumed | {user_id}) for user_id in kinds.values())


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
    if not stages_can_finish(stages, set()):
        raise TransitionError(
            _(
                "Each signer signs one stage of this route, but its stages do not have enough "
                "different signers to be signed to the end. Ask a QMS officer to fix the route."
            )
        )


def stage_notify_signers(version, item: StageProgress, *, exclude=()):
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
        stage_notify_signers(version, current)


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
