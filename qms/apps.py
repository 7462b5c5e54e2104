from django.apps import AppConfig


class QmsConfig(AppConfig):
    """The project package is an app only for the models of its cross-cutting services
    (``qms.sequences``); it is the lowest layer, so every app may use them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "qms"

    def ready(self):
        from qms import lookups

        lookups.register()
        _forget_menus_on_role_change()


def _forget_menus_on_role_change():
    """A user's groups or permissions changed, from either side of the relation, or a
    group's permissions: what is kept for the users concerned (qms.ui) is forgotten."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed

    from qms.ui import user_cache_forget

    user_model = get_user_model()

    def changed(sender, instance, action, model, pk_set, **kwargs):
        # a clear is seen before it happens: afterwards nothing says who was concerned
        if action in ("post_add", "post_remove", "pre_clear"):
            users = _users_concerned(
                user_model, Group, instance, model, None if action == "pre_clear" else pk_set
            )
            user_cache_forget(set(users.values_list("pk", flat=True)))

    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(changed, sender=through, weak=False)


def _users_concerned(user_model, group_model, instance, model, pk_set):
    """The users whose groups or permissions an m2m change touched; ``pk_set`` None for
    a clear (everyone related to ``instance``)."""
    if isinstance(instance, user_model):
        return user_model.objects.filter(pk=instance.pk)
    if isinstance(instance, group_model):  # its members, and those added or removed
        members = user_model.objects.filter(groups=instance)
        return (
            members | user_model.objects.filter(pk__in=pk_set) if pk_set and model is user_model else members
        )
    # a permission given to or taken from users or groups
    if model is user_model:
        return user_model.objects.filter(
            **({"pk__in": pk_set} if pk_set is not None else {"user_permissions": instance})
        )
    return user_model.objects.filter(
        **({"groups__in": pk_set} if pk_set is not None else {"groups__permissions": instance})
    )
