"""Distribution and read-acknowledgement: who must read a document, their tasks when a
version becomes effective, and the reader's confirmation."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from approvals.models import Acknowledgement, DistributionDefault, DistributionGroup, DistributionNoReaders
from approvals.permissions import MANAGE_DISTRIBUTION
from approvals.selectors import distribution_default_for, distribution_readers, distribution_summary
from documents.workflow import DocumentStatus, TransitionError
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


def acknowledgements_on_effective(*, version, actor, superseded=(), imported=False, **kwargs) -> None:
    """Hook ``effective``: readers get a task for the new version; older tasks close.

    ``imported``: the version came in with an existing document set (transfer), whose
    staff already use it: its older tasks close, but nobody is asked to read it (hundreds
    of tasks for documents in daily use) and no officer is told it has no readers."""
    _close_open(
        Acknowledgement.objects.filter(version__document_id=version.document_id).exclude(version=version),
        actor=actor,
        status=Acknowledgement.Status.SUPERSEDED,
        reason="superseded",
    )
    if imported:
        return
    readers = distribution_readers(version.document)
    _open_acknowledgements(version=version, actor=actor, readers=readers)
    if not readers and not DistributionNoReaders.objects.filter(document_id=version.document_id).exists():
        _tell_officers_nobody_reads(version)


def _distribution_managers():
    return get_user_model().objects.with_perm(
        MANAGE_DISTRIBUTION, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
    )


def _tell_officers_nobody_reads(version) -> None:
    # Submission refuses an empty distribution; this catches what was in review before
    # that rule, or whose departments have no active member.
    notify_many(
        recipients=_distribution_managers(),
        kind="distribution.empty",
        subject=gettext_lazy("Nobody is asked to read %(number)s rev. %(rev)s"),
        message=gettext_lazy(
            "%(number)s %(title)s, revision %(rev)s, is effective but nobody is on its distribution. "
            "Set who must read it, or record that it has no readers."
        ),
        url=reverse("approvals:distribution", args=[version.document_id]),
        context={
            "number": version.document.number,
            "title": version.document.title,
            "rev": version.revision_label,
        },
    )


def acknowledgements_on_withdrawn(*, version, actor) -> None:
    """Hook ``withdrawn``: nobody needs to read a withdrawn version any more."""
    _close_open(
        Acknowledgement.objects.filter(version=version),
        actor=actor,
        status=Acknowledgement.Status.WITHDRAWN,
        reason="withdrawn",
    )


@transaction.atomic
def distribution_set(
    *, actor, document, departments, groups, no_readers: bool = False, reason: str = ""
) -> None:
    """Who must read the document: departments and groups, or (``no_readers``) the
    recorded decision that nobody has to. New readers of the effective version get
    their task now."""
    if not actor.has_perm(MANAGE_DISTRIBUTION):
        raise PermissionDenied(_("Only QMS officers set the distribution."))
    departments, groups = list(departments), list(groups)
    _distribution_check(departments=departments, groups=groups, no_readers=no_readers)
    document = type(document).objects.select_for_update().get(pk=document.pk)
    document.distribution.set(departments)
    for row in DistributionGroup.objects.filter(document=document).exclude(group__in=groups):
        row._history_user = actor
        row.delete()
    for group in groups:
        if not DistributionGroup.objects.filter(document=document, group=group).exists():
            _save(DistributionGroup(document=document, group=group), actor=actor, reason="distribution")
    _no_readers_record(document=document, actor=actor, no_readers=no_readers, reason=reason)
    effective = document.versions.filter(status=DocumentStatus.EFFECTIVE).first()
    if effective is not None:
        _open_acknowledgements(version=effective, actor=actor, readers=distribution_readers(document))


def _distribution_check(*, departments, groups, no_readers: bool) -> None:
    """Readers named, or nobody has to read it: one of the two (ValidationError)."""
    if no_readers and (departments or groups):
        raise ValidationError(
            {
                "no_readers": _(
                    "Either choose who must read the document, or record that nobody has to; not both."
                )
            }
        )
    if not (no_readers or departments or groups):
        raise ValidationError(
            {
                "departments": _(
                    "Choose the departments or groups that must read this document, or record that "
                    "nobody has to read it."
                )
            }
        )


def _no_readers_record(*, document, actor, no_readers: bool, reason: str) -> None:
    """Record (or change) the decision that nobody has to read the document, or take it
    back when readers are named. Caller holds the document's row lock."""
    decision = DistributionNoReaders.objects.filter(document=document).first()
    if no_readers:
        if decision is None:
            decision = DistributionNoReaders(document=document, decided_by=actor)
        decision.decided_by, decision.reason = actor, (reason or "").strip()
        _save(decision, actor=actor, reason="no readers")
    elif decision is not None:
        decision._history_user = actor
        decision._change_reason = "distribution"
        decision.delete()


def distribution_apply_defaults(*, version, actor) -> None:
    """Hook ``draft_opened``: a newly registered document with nobody on its distribution
    gets the default readers of its type and department."""
    document = version.document
    if version.revision != 1 or distribution_summary(document).is_set:
        return
    default = distribution_default_for(doc_type=document.doc_type, department=document.department)
    if default is None:
        return
    document.distribution.set(default.departments.all())
    for group in default.groups.all():
        _save(DistributionGroup(document=document, group=group), actor=actor, reason="default readers")


def distribution_check_submittable(*, version, actor) -> None:
    """Hook ``submit``: a version goes to review only when someone will be asked to read it
    once effective, or the officer recorded that nobody has to."""
    summary = distribution_summary(version.document)
    if summary.no_readers is not None or summary.reader_count:
        return
    if summary.departments or summary.groups:
        message = _(
            "Nobody would be asked to read %(number)s: the departments and groups on its distribution "
            "have no active members. Ask a QMS officer to set who must read it, or to record that "
            "nobody has to, then submit again."
        )
    else:
        message = _(
            "Nobody is asked to read %(number)s: its distribution is empty. Ask a QMS officer to set "
            "who must read it (departments or groups), or to record that nobody has to, then submit again."
        )
    raise TransitionError(message % {"number": version.document.number})


@transaction.atomic
def distribution_default_save(
    *, actor, default=None, doc_type=None, department=None, departments=(), groups=()
) -> DistributionDefault:
    """Create or change the default readers of a document type and/or owning department.
    Documents registered before keep their distribution."""
    if not actor.has_perm(MANAGE_DISTRIBUTION):
        raise PermissionDenied(_("Only QMS officers set the distribution."))
    departments, groups = list(departments), list(groups)
    if not (departments or groups):
        raise ValidationError({"departments": _("Choose the departments or groups that must read.")})
    clash = DistributionDefault.objects.select_for_update().filter(doc_type=doc_type, department=department)
    if default is not None:
        clash = clash.exclude(pk=default.pk)
    if clash.exists():
        raise ValidationError(
            {"doc_type": _("There are already default readers for this document type and department.")}
        )
    if default is None:
        default = DistributionDefault()
    else:
        default = DistributionDefault.objects.select_for_update().get(pk=default.pk)
    default.doc_type, default.department = doc_type, department
    _save(default, actor=actor, reason="default readers")
    default._history_user = actor
    default.departments.set(departments)
    default.groups.set(groups)
    return default


@transaction.atomic
def distribution_default_delete(*, actor, default) -> None:
    if not actor.has_perm(MANAGE_DISTRIBUTION):
        raise PermissionDenied(_("Only QMS officers set the distribution."))
    default = DistributionDefault.objects.select_for_update().get(pk=default.pk)
    default._history_user = actor
    default._change_reason = "deleted"
    default.delete()


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
