"""Approvals on the shared pages: menu entries and the home, document and version panels."""

from django.utils.translation import gettext_lazy as _

from approvals import panels
from approvals.permissions import MANAGE_DISTRIBUTION, MANAGE_ROUTES
from qms.ui import (
    NavItem,
    Panel,
    Tile,
    register_action_with_own_page,
    register_nav,
    register_panel,
    register_tile,
)


def _may_manage_routes(user):
    return user.is_authenticated and user.has_perm(MANAGE_ROUTES)


def _may_manage_distribution(user):
    return user.is_authenticated and user.has_perm(MANAGE_DISTRIBUTION)


def register():
    register_tile(Tile(_("To read"), panels.tile_to_read, panels.tile_to_read_url, order=10, tone="warn"))
    register_tile(Tile(_("To sign"), panels.tile_to_sign, panels.tile_to_sign_url, order=20, tone="warn"))
    register_action_with_own_page("withdraw")  # signed withdrawal, on the version panel
    register_nav(NavItem(_("My tasks"), "approvals:my_tasks", group="work", order=15, in_header=True))
    register_nav(NavItem(_("Change requests"), "approvals:change_request_list", group="documents", order=40))
    register_nav(
        NavItem(
            _("Approval routes"),
            "approvals:route_template_list",
            group="admin",
            order=45,
            visible=_may_manage_routes,
        )
    )
    register_nav(
        NavItem(
            _("Default readers"),
            "approvals:distribution_default_list",
            group="admin",
            order=46,
            visible=_may_manage_distribution,
        )
    )
    register_panel("home", Panel("approvals/panels/home.html", panels.home_panel, order=5))
    register_panel(
        "document",
        Panel("approvals/panels/document.html", panels.document_panel, order=20, facts=panels.document_facts),
    )
    register_panel(
        "version",
        Panel("approvals/panels/version.html", panels.version_panel, order=20, facts=panels.version_facts),
    )
