"""Who may see and change a quality objective; the one place these rules live.

Officers (``objectives.manage_objectives``) and management (``view_all_objectives``: the
head of the organisation signs as an approver) see every objective. Otherwise a user
sees the objectives they own, those of a department they head or belong to, and the
organisation-wide ones (everyone works towards those). Anything else is missing (404).
The owner records measurements; officers record any and set the objectives.
"""

from django.db.models import Q

MANAGE = "objectives.manage_objectives"
VIEW_ALL = "objectives.view_all_objectives"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def user_is_objective_officer(user) -> bool:
    return _active(user) and user.has_perm(MANAGE)


def visible_objective_q(user) -> Q:
    """The one rule of who sees which objective (lists, pages, charts, API, evidence)."""
    if not _active(user):
        return Q(pk__in=[])
    if user.has_perm(MANAGE) or user.has_perm(VIEW_ALL):
        return Q()
    return (
        Q(owner=user)
        | Q(department__isnull=True)
        | Q(department__head=user)
        | Q(department__group__in=user.groups.all())
    )


def may_measure(user, objective) -> bool:
    """Records a measurement (and opens an NC from a missed target): the owner, the head
    of its department, an officer."""
    if not _active(user):
        return False
    if user.has_perm(MANAGE) or objective.owner_id == user.pk:
        return True
    return objective.department_id is not None and objective.department.head_id == user.pk


def may_edit(user, objective) -> bool:
    """Changes the objective itself (target, plan): officers, and its owner for the plan."""
    return user_is_objective_officer(user)
