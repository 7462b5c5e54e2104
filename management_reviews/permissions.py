"""Who may see and act on a management review; the one place these rules live.

QMS officers (manage) and the head of the organisation (view all / chair) see every
review; an attendee or the chair sees the reviews they attend; the owner of a decision
sees the review that gave it to them. Everyone else: 404. Rights are model permissions
held by role groups (organisation/roles.py).
"""

from django.db.models import Q

VIEW_ALL = "management_reviews.view_all_management_reviews"
MANAGE = "management_reviews.manage_management_reviews"
CHAIR = "management_reviews.chair_management_review"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def user_is_review_officer(user) -> bool:
    return _active(user) and user.has_perm(MANAGE)


def user_sees_all_reviews(user) -> bool:
    return _active(user) and (user.has_perm(VIEW_ALL) or user.has_perm(MANAGE))


def visible_review_q(user) -> Q:
    """The one rule of who sees which review (pages, PDF, API, exports)."""
    if not _active(user):
        return Q(pk__in=[])
    if user_sees_all_reviews(user):
        return Q()
    from management_reviews.models import ReviewDecision

    return (
        Q(chair=user)
        | Q(attendees=user)
        | Q(pk__in=ReviewDecision.objects.filter(owner=user).values("review_id"))
    )


def may_complete_decision(user, decision) -> bool:
    return _active(user) and (decision.owner_id == user.pk or user.has_perm(MANAGE))
