"""Documents on the shared pages: menu entries and the home dashboard panel."""

from django.utils.translation import gettext_lazy as _

from documents import panels
from documents.permissions import user_is_officer
from qms.ui import NavItem, Panel, register_nav, register_panel


def register():
    register_nav(NavItem(_("Documents"), "documents:list", group="documents", order=10))
    register_nav(NavItem(_("Master list"), "documents:master_list", group="documents", order=20))
    register_nav(NavItem(_("External documents"), "documents:external_list", group="documents", order=25))
    register_nav(
        NavItem(
            _("Register document"), "documents:register", group="documents", order=30, visible=user_is_officer
        )
    )
    register_panel("home", Panel("documents/panels/dashboard.html", panels.home_panel, order=10))
    register_panel(
        "version",
        Panel(
            "documents/panels/attachments.html",
            panels.attachments_panel,
            order=5,
            facts=panels.attachment_facts,
        ),
    )
