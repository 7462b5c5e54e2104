"""Management review fixtures reached through the real services."""

import datetime

from django.contrib.auth.models import Group

from management_reviews import services
from management_reviews.models import ManagementReview
from organisation.roles import Role
from tests.documents.factories import UserFactory

PERIOD = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
MEETING = datetime.date(2027, 1, 15)


def head(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=Role.HEAD))
    return user


def plan(
    *, officer, chair, attendees=(), period=PERIOD, meeting=MEETING, title="Xem xét của lãnh đạo năm 2026"
):
    return services.review_plan(
        actor=officer,
        title=title,
        period_start=period[0],
        period_end=period[1],
        meeting_date=meeting,
        chair=chair,
        attendees=attendees,
    )


def walk(review: ManagementReview, *, officer, to: str, password: str = "") -> ManagementReview:
    """Take ``review`` to ``to`` (prepared, held or signed) through the services."""
    steps = ["prepared", "held", "signed"]
    for step in steps[: steps.index(to) + 1]:
        review.refresh_from_db()
        if (
            review.status == step or steps.index(review.status) > steps.index(step)
            if review.status in steps
            else False
        ):
            continue
        if step == "prepared":
            review = services.review_prepare(actor=officer, review=review)
        elif step == "held":
            review = services.review_hold(
                actor=officer, review=review, conclusions="HTQLCL phù hợp và hiệu lực."
            )
        else:
            review = services.review_sign(actor=review.chair, review=review, password=password)
    review.refresh_from_db()
    return review
