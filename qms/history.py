"""Saving a user-changed record so its history row names who did it and why."""


def save_recorded(instance, *, actor, reason: str, update_fields=None) -> None:
    """Save ``instance``; django-simple-history records ``actor`` and ``reason`` on the
    history row (also in background tasks, where no request carries the user)."""
    instance._history_user = actor
    instance._change_reason = reason
    instance.save(update_fields=update_fields)
