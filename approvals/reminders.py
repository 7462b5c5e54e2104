"""Reminder kinds of the approvals app: signatures waiting and read-acknowledgements
outstanding.

Registered by ApprovalsConfig.ready() when the reminders app is installed. Both read in
a fixed number of queries, whatever the number of versions and readers.

Settings: QMS_REMINDER_SIGNATURE_WAIT_DAYS (default 3): a stage's signers are reminded
once it has waited that long, then weekly; QMS_REMINDER_ACKNOWLEDGEMENT_WAIT_DAYS
(default 7): a reader who has not confirmed "read and understood" after that many
days is reminded, then weekly.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.models import Acknowledgement, Decision, RouteStage, Signature
from approvals.permissions import READ_DRAFTS
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus
from reminders.registry import DueEvent, register


def _days(name, default):
    return int(getattr(settings, name, default))


def _local_date(moment) -> datetime.date:
    return timezone.localtime(moment).date()


def signatures_waiting(today: datetime.date):
    """The signers of each version's active stage who have not signed, once the stage has
    waited QMS_REMINDER_SIGNATURE_WAIT_DAYS (since submission or the previous stage's last
    signature). Mirrors approvals.selectors.route_progress, in batches."""
    wait = _days("QMS_REMINDER_SIGNATURE_WAIT_DAYS", 3)
    versions = {
        row["pk"]: row
        for row in DocumentVersion.objects.filter(status=DocumentStatus.IN_REVIEW, route__round__gt=0).values(
            "pk",
            "author_id",
            "submitted_at",
            "revision",
            "route__pk",
            "route__round",
            "document__number",
            "document__title",
        )
    }
    if not versions:
        return
    approved, last_signed = _approvals_this_round(versions)
    for version_id, position, unsigned in _active_stages(versions, approved):
        version = versions[version_id]
        since = last_signed.get(version_id) or version["submitted_at"]
        if since is None:
            continue
        waited = (today - _local_date(since)).days
        if waited < wait:
            continue
        week = (waited - wait) // 7
        for signer_id in sorted(unsigned):
            yield DueEvent(
                model=DocumentVersion,
                object_id=version_id,
                due_key=f"round{version['route__round']}:stage{position}:w{week}",
                recipient_id=signer_id,
                due_date=_local_date(since) + datetime.timedelta(days=wait),
                context={
                    "number": version["document__number"],
                    "title": version["document__title"],
                    "rev": f"{version['revision']:02d}",
                    "days": waited,
                },
                url=reverse("approvals:sign", args=[version_id]),
            )


def _approvals_this_round(versions: dict):
    """Who approved each stage in the route's current round, {(version, position): signer
    ids}, and when each version was last signed."""
    approved = defaultdict(set)
    last_signed = {}
    for row in Signature.objects.filter(
        version_id__in=versions, decision=Decision.APPROVE, stage_position__isnull=False
    ).values("version_id", "round", "stage_position", "signer_id", "signed_at"):
        if row["round"] == versions[row["version_id"]]["route__round"]:
            approved[(row["version_id"], row["stage_position"])].add(row["signer_id"])
            last_signed[row["version_id"]] = max(
                row["signed_at"], last_signed.get(row["version_id"], row["signed_at"])
            )
    return approved, last_signed


def _active_stages(versions: dict, approved):
    """(version id, stage position, who may sign it and has not) of each version's first
    incomplete stage."""
    route_to_version = {row["route__pk"]: pk for pk, row in versions.items()}
    stages = list(
        RouteStage.objects.filter(route_id__in=route_to_version)
        .order_by("route_id", "position")
        .values("pk", "route_id", "position", "mode", "group_id")
    )
    signers = _stage_signers(stages)
    done = set()
    for stage in stages:
        version_id = route_to_version[stage["route_id"]]
        if version_id in done:
            continue
        eligible = signers[stage["pk"]] - {versions[version_id]["author_id"]}
        signed = approved[(version_id, stage["position"])]
        if signed and (stage["mode"] == "any" or eligible <= signed):
            continue
        done.add(version_id)  # the first incomplete stage is the active one
        yield version_id, stage["position"], eligible - signed


def _stage_signers(stages) -> defaultdict:
    """{stage pk: active users who may sign it}: named on it or in its group, with the
    right to read drafts."""
    listed = defaultdict(set)
    for row in RouteStage.users.through.objects.filter(routestage_id__in=[s["pk"] for s in stages]).values(
        "routestage_id", "user_id"
    ):
        listed[row["routestage_id"]].add(row["user_id"])
    members = defaultdict(set)
    User = get_user_model()
    for row in User.groups.through.objects.filter(
        group_id__in={s["group_id"] for s in stages if s["group_id"]}
    ).values("group_id", "user_id"):
        members[row["group_id"]].add(row["user_id"])
    may_sign = set(
        User.objects.with_perm(
            READ_DRAFTS, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
        ).values_list("pk", flat=True)
    )
    signers = defaultdict(set)
    for stage in stages:
        signers[stage["pk"]] = (listed[stage["pk"]] | members.get(stage["group_id"], set())) & may_sign
    return signers


def acknowledgements_outstanding(today: datetime.date):
    wait = _days("QMS_REMINDER_ACKNOWLEDGEMENT_WAIT_DAYS", 7)
    url = reverse("documents:version_detail", args=[987654321]).replace("987654321", "{pk}")
    rows = Acknowledgement.objects.filter(
        status=Acknowledgement.Status.OPEN,
        user__is_active=True,
        created_at__lt=timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=wait - 1), datetime.time())
        ),
    ).values(
        "pk",
        "user_id",
        "created_at",
        "version_id",
        "version__revision",
        "version__document__number",
        "version__document__title",
    )
    for row in rows.iterator(chunk_size=2000):
        assigned = _local_date(row["created_at"])
        waited = (today - assigned).days
        if waited < wait:
            continue
        yield DueEvent(
            model=Acknowledgement,
            object_id=row["pk"],
            due_key=f"w{(waited - wait) // 7}",
            recipient_id=row["user_id"],
            due_date=assigned + datetime.timedelta(days=wait),
            context={
                "number": row["version__document__number"],
                "title": row["version__document__title"],
                "rev": f"{row['version__revision']:02d}",
                "days": waited,
            },
            url=url.format(pk=row["version_id"]),
        )


def register_kinds():
    register(
        "approval_signature_waiting",
        signatures_waiting,
        label=_("Signature waiting"),
        subject=_("Reminder: your signature is needed on %(number)s rev. %(rev)s"),
        message=_(
            "%(number)s %(title)s, revision %(rev)s, has waited %(days)s days for your signature. "
            "Please review and sign it."
        ),
    )
    register(
        "acknowledgement_outstanding",
        acknowledgements_outstanding,
        label=_("Read-acknowledgement outstanding"),
        subject=_("Reminder: please read %(number)s rev. %(rev)s"),
        message=_(
            "%(number)s %(title)s, revision %(rev)s, was distributed to you %(days)s days ago. "
            "Please read it and confirm that you have read and understood it."
        ),
    )
