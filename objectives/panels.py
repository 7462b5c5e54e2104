"""Figures the objectives app shows on shared pages (home tile)."""

from objectives import selectors
from qms.ui import count_or_hidden


def objectives_at_risk_count(user):
    """Objectives the user sees that are at risk or missed; hidden (None) when there are none."""
    if not user.is_authenticated:
        return None
    return count_or_hidden(selectors.objectives_at_risk(user))
