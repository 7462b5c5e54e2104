"""Who may see and act on a risk or opportunity; the one place these rules live.

Officers (``risks.manage_risks``) and management (``risks.view_all_risks``: the head of
the organisation signs as an approver) see the whole register. Otherwise a user sees the
risks they own, those of a department they head, and those where they own a treatment
action. Anything else is missing (404): staff do not browse the register.
"""

from django.db.models import Q

MANAGE = "risks.manage_risks"
VIEW_ALL = "risks.view_all_risks"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def user_is_risk_officer(user) -> bool:
    return _active(user) and user.has_perm(MANAGE)


def user_sees_all_risks(user) -> bool:
    return _active(user) and (user.has_perm(MANAGE) or user.has_perm(VIEW_ALL))


def visible_risk_q(user) -> Q:
    """The one rule of who sees which risk (register, heat map, trend, API, evidence)."""
    if not _active(user):
        return Q(pk__in=[])
    if user_sees_all_risks(user):
        return Q()
    from risks.models import TreatmentAction

    return (
        Q(owner=user)
        | Q(department__head=user)
        | Q(pk__in=TreatmentAction.objects.filter(owner=user).values("risk_id"))
    )


def may_register(user, department) -> bool:
    """Officers register anywhere; a department head in their department."""
    if not _active(user):
        return False
    return user.has_perm(MANAGE) or (department is not None and department.head_id == user.pk)


def may_handle(user, risk) -> bool:
    """Assesses, treats and moves the risk: its owner, its department's head, an officer."""
    if not _active(user):
        return False
    return user.has_perm(MANAGE) or user.pk in (risk.owner_id, risk.department.head_id)


def may_complete_action(user, action) -> bool:
    return _active(user) and (action.owner_id == user.pk or may_handle(user, action.risk))
