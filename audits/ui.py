"""Audits on the shared pages: the menu entry and the home and document panels."""

from django.utils.translation import gettext_lazy as _

from audits import panels
from audits.selectors import user_has_audits_expression
from qms.ui import NavItem, Panel, Tile, register_nav, register_panel, register_tile


def _has_audits(user):
    return user.is_authenticated and user_has_audits_expression(user)


def register():
    register_tile(Tile(_("Audits coming"), panels.tile_coming, panels.tile_coming_url, order=50))
    register_nav(NavItem(_("Audits"), "audits:list", group="audits", order=50, visible=_has_audits))
    register_panel("home", Panel("audits/panels/home.html", panels.home_panel, order=50))
    register_panel(
        "document",
        Panel("audits/panels/document.html", panels.document_panel, order=80, facts=panels.document_facts),
    )
