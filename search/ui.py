"""Where search plugs into the shared pages (qms/ui.py): the menu entry and the
extraction panel on the version page (officers)."""

from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, register_nav, register_panel
from search import panels


def register():
    register_nav(NavItem(_("Search inside documents"), "search:search", group="documents", order=15))
    register_panel(
        "version",
        Panel("search/panels/version.html", panels.version_panel, order=60, facts=panels.version_facts),
    )
