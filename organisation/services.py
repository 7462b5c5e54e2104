"""Writes of the organisation's reference rows: role groups with their permissions, and
the system user. Both are idempotent and run after every migrate and flush."""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from organisation.roles import ROLE_PERMISSIONS

SYSTEM_USERNAME = "qms-system"


def system_user():
    """The named account that background steps act as, so history always has a user.
    It is inactive, so nobody can sign in as it."""
    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "QMS", "last_name": "system", "is_active": False},
    )
    return user


def roles_sync(*, declaration: dict[str, tuple[str, ...]] = ROLE_PERMISSIONS) -> None:
    """Create each declared role's group and give it the declared permissions.

    Adds what is missing and removes nothing, so a permission an administrator added to a
    role by hand survives a deployment. A declared permission that no installed app
    defines is a programming error and stops the migrate loudly.
    """
    # post_migrate creates permissions app by app; create them all first so this also
    # works when called on its own (after a flush, or before the last app's signal).
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    wanted = {tuple(dotted.split(".", 1)) for perms in declaration.values() for dotted in perms}
    query = Q(pk__in=[])
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.filter(query).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    missing = sorted(".".join(key) for key in wanted - found.keys())
    if missing:
        raise ImproperlyConfigured(
            f"organisation.roles declares permissions no installed app defines: {missing}"
        )
    for role, perms in declaration.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*(found[tuple(dotted.split(".", 1))] for dotted in perms))


def organisation_reference_data_ensure() -> None:
    roles_sync()
    system_user()
