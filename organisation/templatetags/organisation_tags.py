"""How groups and people are shown: ``{% load organisation_tags %}``, then
``{{ group|role_label }}`` and ``{{ user|person }}``."""

from django import template
from django.utils.translation import pgettext

from organisation.roles import role_label as _role_label
from organisation.services import SYSTEM_USERNAME

register = template.Library()


@register.filter
def role_label(group) -> str:
    """A group (or its name): a role by its translated name, another group by its name."""
    return _role_label(getattr(group, "name", group))


@register.filter
def person(user) -> str:
    """A user by full name (else user name); the system account as "QMS system"."""
    if user is None:
        return ""
    if user.get_username() == SYSTEM_USERNAME:
        return pgettext("user", "QMS system (automatic)")
    return user.get_full_name() or user.get_username()
