"""The management review's lifecycle (ISO 9001 9.3): planned -> prepared -> held -> minutes signed.

Officers prepare (the 9.3.2 inputs are compiled and frozen) and record that the meeting
was held; the chair signs the minutes with the re-entered password. Signed minutes never
change again (model and database); a correction is a new review that ``corrects`` it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qms.errors import TransitionRefused
from qms.lifecycle import Lifecycle, Transition


class ManagementReviewStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("management review", "Planned")
    PREPARED = "prepared", pgettext_lazy("management review", "Prepared")
    HELD = "held", pgettext_lazy("management review", "Held")
    SIGNED = "signed", pgettext_lazy("management review", "Minutes signed")


class ManagementReviewAction(models.TextChoices):
    PREPARE = "prepare", _("Prepare the inputs")
    HOLD = "hold", _("Record the meeting as held")
    SIGN = "sign", _("Sign the minutes")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ManagementReviewTransitionError(TransitionRefused):
    """An action the management review lifecycle does not allow now (UI message, API 409)."""


def _officer(user, review) -> bool:
    from management_reviews.permissions import user_is_review_officer

    return user_is_review_officer(user)


def _chair(user, review) -> bool:
    return user.pk == review.chair_id


LIFECYCLE = Lifecycle(
    statuses=ManagementReviewStatus,
    actions=ManagementReviewAction,
    transitions=[
        Transition(
            ManagementReviewStatus.PLANNED,
            ManagementReviewAction.PREPARE,
            ManagementReviewStatus.PREPARED,
            _officer,
        ),
        Transition(
            ManagementReviewStatus.PREPARED,
            ManagementReviewAction.HOLD,
            ManagementReviewStatus.HELD,
            _officer,
        ),
        Transition(
            ManagementReviewStatus.HELD, ManagementReviewAction.SIGN, ManagementReviewStatus.SIGNED, _chair
        ),
    ],
    refused=_("Cannot %(action)s: the management review is %(status)s."),
    error=ManagementReviewTransitionError,
)

# Statuses in which officers may still write commentary and decisions.
EDITABLE_STATUSES = frozenset({ManagementReviewStatus.PREPARED, ManagementReviewStatus.HELD})
