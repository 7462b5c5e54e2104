"""Who may see and act on a nonconformity; the one place these rules live.

Rights come from two places: model permissions held by role groups (officers manage
and see everything, auditors and management see everything and may verify; the table
is organisation/roles.py) and the
user's relationship to the record (reporter, owner, head of its department, owner of
one of its corrective actions). Staff with no such relationship see nothing.
"""

from django.db.models import Q

from nonconformities.workflow import LIFECYCLE, Party

VIEW_ALL = "nonconformities.view_all_nonconformities"
MANAGE = "nonconformities.manage_nonconformities"
VERIFY = "nonconformities.verify_nonconformity"
TRIAGE = "nonconformities.triage_feedback"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def user_is_nc_officer(user) -> bool:
    return _active(user) and user.has_perm(MANAGE)


def user_may_triage(user) -> bool:
    return _active(user) and user.has_perm(TRIAGE)


def visible_nonconformity_q(user) -> Q:
    """The one rule of who sees which nonconformity (lists, pages, downloads, API, CSV)."""
    if not _active(user):
        return Q(pk__in=[])
    if user.has_perm(VIEW_ALL):
        return Q()
    from nonconformities.models import CorrectiveAction

    return (
        Q(reporter=user)
        | Q(owner=user)
        | Q(department__head=user)
        | Q(pk__in=CorrectiveAction.objects.filter(owner=user).values("nonconformity_id"))
    )


def is_action_owner(user, nonconformity) -> bool:
    return nonconformity.actions.filter(owner_id=user.pk).exists()


def is_handler(user, nonconformity) -> bool:
    if not _active(user):
        return False
    return user.has_perm(MANAGE) or user.pk in (nonconformity.owner_id, nonconformity.department.head_id)


def may_verify_in_principle(user, nonconformity) -> bool:
    """Holds the right to verify, before the 'not an action owner' rule is applied."""
    if not _active(user):
        return False
    return user.has_perm(VERIFY) or user.has_perm(MANAGE) or user.pk == nonconformity.department.head_id


def party_allows(user, party: str, nonconformity) -> bool:
    if party == Party.HANDLER:
        return is_handler(user, nonconformity)
    if party == Party.VERIFIER:
        return may_verify_in_principle(user, nonconformity) and not is_action_owner(user, nonconformity)
    if party == Party.OFFICER:
        return user_is_nc_officer(user)
    return False


def actions_available(user, nonconformity) -> list[str]:
    """Lifecycle actions the user may fire now (for buttons and the API)."""
    return LIFECYCLE.actions_available(nonconformity, user)


def may_complete_action(user, action) -> bool:
    return _active(user) and (action.owner_id == user.pk or user.has_perm(MANAGE))
