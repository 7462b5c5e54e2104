"""Figures the risks app shows on shared pages (home tile)."""

from qms.ui import count_or_hidden
from risks import selectors


def risks_due_for_review_count(user):
    """Open risks the user sees whose review date has come; hidden (None) when none."""
    if not user.is_authenticated:
        return None
    return count_or_hidden(selectors.risks_due_for_review(user))
