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
    """A user's groups or permissions changed: their kept menu (qms.ui) is forgotten; a
    group's permissions changed: its members' are."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed

    from qms.ui import user_cache_forget

    user_model = get_user_model()

    def users_changed(sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if isinstance(instance, user_model):
            user_cache_forget([instance.pk])
        elif action == "post_clear" or pk_set is None:  # a group or permission cleared
            user_cache_forget(user_model.objects.filter(groups=instance).values_list("pk", flat=True))
        else:
            user_cache_forget(pk_set)

    def group_permissions_changed(sender, instance, action, reverse, **kwargs):
        if action.startswith("post_") and isinstance(instance, Group):
            user_cache_forget(instance.user_set.values_list("pk", flat=True))

    m2m_changed.connect(users_changed, sender=user_model.groups.through, weak=False)
    m2m_changed.connect(users_changed, sender=user_model.user_permissions.through, weak=False)
    m2m_changed.connect(group_permissions_changed, sender=Group.permissions.through, weak=False)
