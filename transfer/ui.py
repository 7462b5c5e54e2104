from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, register_nav


def _officer(user) -> bool:
    return user.is_authenticated and user.has_perm("documents.register_document")


def register():
    register_nav(
        NavItem(_("Import and export"), "transfer:import", group="admin", order=90, visible=_officer)
    )
