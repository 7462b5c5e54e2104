"""Helpers that walk versions through approval routes with real signatures."""

import datetime

from django.utils import timezone

from approvals import selectors, services
from approvals.models import ApprovalRoute, Decision, Meaning, StageMode
from tests.documents.factories import PASSWORD, UserFactory


def stage(name="Approval", *, users=(), group=None, meaning=Meaning.APPROVED, mode=StageMode.ANY):
    return services.StageInput(name=name, meaning=meaning, mode=mode, users=list(users), group=group)


def set_route(version, stages, *, officer=None, planned_effective_date=None):
    officer = officer or UserFactory(officer=True)
    return services.route_set(
        actor=officer, version=version, stages=stages, planned_effective_date=planned_effective_date
    )


def sign(version, signer, decision=Decision.APPROVE, comment=""):
    return services.version_sign(
        actor=signer, version=version, decision=decision, comment=comment, password=PASSWORD
    )


def approve_through_route(version, *, approver=None, effective_date: datetime.date | None = None):
    """Sign every stage of a submitted version's route until it is approved.

    The default route (one stage, any member of the Approver role) needs one signature;
    ``effective_date`` later than today leaves the version approved-pending.
    """
    approver = approver or UserFactory(approver=True)
    if effective_date is not None:
        ApprovalRoute.objects.filter(version=version).update(planned_effective_date=effective_date)
    route = ApprovalRoute.objects.get(version=version)
    for _attempt in range(20):
        current = selectors.active_stage(selectors.route_progress(route))
        if current is None:
            break
        waiting = current.eligible - current.approved_by
        signer = approver if approver.pk in waiting else type(approver).objects.get(pk=min(waiting))
        sign(version, signer)
        version.refresh_from_db()
        route.refresh_from_db()
    version.refresh_from_db()
    return version


def far_future():
    return timezone.localdate() + datetime.timedelta(days=3650)


def withdraw_with_signature(version, *, officer, reason="Không còn áp dụng"):
    services.version_withdraw_signed(actor=officer, version=version, reason=reason, password=PASSWORD)
    version.refresh_from_db()
    return version


def make_effective_document(*, officer=None, approver=None, **kwargs):
    """A document whose first version went through the default route and is effective."""
    from documents.workflow import DocumentStatus
    from tests.documents.factories import make_document

    officer = officer or UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.IN_REVIEW, **kwargs)
    approve_through_route(document.versions.get(), approver=approver)
    return document
