"""Django's model backend behind the shared lockout (see accounts.services)."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from accounts.clients import client_of
from accounts.services import REFUSAL_ATTRIBUTE, AttemptRefused, password_attempt


class LockoutBackend(AxesStandaloneBackend, ModelBackend):
    """ModelBackend whose every password check goes through ``password_attempt``.

    Web sign-in, HTTP Basic and the token endpoint all reach it through Django's
    ``authenticate()``. A refusal is raised as PermissionDenied (authenticate() then stops
    and reports a failed login) and left on the request for the caller to explain. It
    subclasses AxesStandaloneBackend so django-axes' system check sees the lockout in place;
    the checking itself is ours, because axes counts only after the password was checked.
    ``request`` may be None (the test client's login): the address is then unknown.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            return password_attempt(
                username=str(username),
                client=client_of(request),
                check=lambda: ModelBackend.authenticate(self, request, username=username, password=password),
            )
        except AttemptRefused as refusal:
            if request is not None:
                setattr(request, REFUSAL_ATTRIBUTE, refusal)
            raise

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions in one query (ModelBackend asks
        two), cached on the user object for the request as ModelBackend does; every page
        asks (issue 12)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_model = get_user_model()
            own = user_model.user_permissions.through.objects.filter(user_id=user_obj.pk).values(
                "permission_id"
            )
            via_groups = Group.permissions.through.objects.filter(group__user=user_obj).values(
                "permission_id"
            )
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in Permission.objects.filter(
                    Q(pk__in=own) | Q(pk__in=via_groups)
                ).values_list("content_type__app_label", "codename")
            }
        return user_obj._perm_cache
