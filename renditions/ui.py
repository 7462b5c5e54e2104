"""Where renditions plug into the shared pages (see qms/ui.py): menu entries and panels."""

from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, register_nav, register_panel
from renditions import panels
from renditions.permissions import may_read_access_log, may_see_copies


def register():
    register_nav(
        NavItem(
            _("Controlled copies"),
            "renditions:copy_list",
            group="documents",
            order=60,
            visible=may_see_copies,
        )
    )
    register_nav(
        NavItem(
            _("Access log"), "renditions:access_log", group="admin", order=65, visible=may_read_access_log
        )
    )
    register_panel(
        "version",
        Panel("renditions/panels/version.html", panels.version_panel, order=20, facts=panels.version_facts),
    )
    register_panel(
        "effective_version",
        Panel("renditions/panels/effective_pdf.html", panels.effective_version_panel, order=10),
    )
    register_panel("sign", Panel("renditions/panels/sign.html", panels.sign_panel, order=10))
    register_panel(
        "master_list", Panel("renditions/panels/master_list.html", panels.master_list_panel, order=10)
    )
    register_panel("home", Panel("renditions/panels/home.html", panels.home_panel, order=40))
