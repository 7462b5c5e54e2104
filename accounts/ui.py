from django.utils.translation import gettext_lazy as _

from accounts.services import is_officer
from qms.ui import NavItem, register_nav


def register():
    register_nav(
        NavItem(_("Sign-in security"), "accounts:security", group="admin", order=95, visible=is_officer)
    )
