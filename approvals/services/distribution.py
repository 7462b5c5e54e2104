"""Distribution and read-acknowledgement: who must read a document, their tasks when a
version becomes effective, and the reader's confirmation."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from approvals.models import Acknowledgement, DistributionGroup
from approvals.permissions import MANAGE_DISTRIBUTION
from approvals.selectors import distribution_readers
from documents.workflow import Status, TransitionError
from notifications.services import notify_many
from qms.history import save_recorded as _save


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
