"""Reads of the organisation's reference rows."""

from django.contrib.auth.models import Group


def role_group(role: str) -> Group:
    """The auth group of a role of organisation.roles (synced on every migrate)."""
    return Group.objects.get(name=role)
