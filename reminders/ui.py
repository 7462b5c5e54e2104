from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, register_nav


def _may_see_failures(user):
    return user.is_authenticated and user.has_perm("reminders.view_delivery_failures")


def register():
    register_nav(
        NavItem(_("Failed reminders"), "reminders:failed", group="admin", order=90, visible=_may_see_failures)
    )
