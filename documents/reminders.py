"""Reminder kinds of the document core (registered in DocumentsConfig.ready()
when the reminders app is installed)."""

import datetime

from django.utils.translation import gettext_lazy as _

from reminders.registry import register


def versions_becoming_effective(today: datetime.date):
    """An action, not a reminder: approved versions whose effective date has come take
    effect (as the system user, recorded in their history). Yields no e-mail."""
    from documents.services import version_make_due_effective

    version_make_due_effective(today=today)
    return ()


def register_kinds():
    # order=10: runs first, so a version taking effect today gets its review date at once.
    register(
        "version_effective",
        versions_becoming_effective,
        order=10,
        label=_("Approved versions whose effective date has come"),
    )
