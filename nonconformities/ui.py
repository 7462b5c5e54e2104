"""Nonconformities on the shared pages: menu entries and the home and document panels."""

from django.utils.translation import gettext_lazy as _

from nonconformities import panels
from nonconformities.permissions import user_may_triage
from qms.ui import NavItem, Panel, Tile, register_nav, register_panel, register_tile


def _anyone(user):
    return True  # the public feedback form needs no login


def register():
    register_tile(
        Tile(
            _("Actions overdue"),
            panels.tile_actions_overdue,
            panels.tile_actions_overdue_url,
            order=40,
            tone="bad",
        )
    )
    register_tile(Tile(_("NCs open"), panels.tile_open, panels.tile_open_url, order=60))
    register_nav(NavItem(_("Send feedback"), "public_feedback", group="public", order=200, visible=_anyone))
    register_nav(NavItem(_("Nonconformities"), "nonconformities:list", group="improvement", order=50))
    register_nav(NavItem(_("NC dashboard"), "nonconformities:dashboard", group="improvement", order=55))
    register_nav(
        NavItem(
            _("Feedback"),
            "nonconformities:feedback_list",
            group="improvement",
            order=60,
            visible=user_may_triage,
        )
    )
    register_panel("home", Panel("nonconformities/panels/home.html", panels.home_panel, order=40))
    register_panel(
        "document",
        Panel(
            "nonconformities/panels/document.html",
            panels.document_panel,
            order=60,
            facts=panels.document_facts,
        ),
    )
