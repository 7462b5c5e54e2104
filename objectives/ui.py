"""Quality objectives on the shared pages: menu entries and the home tile."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from objectives import panels
from qms.ui import NavItem, Tile, register_nav, register_tile


def register():
    register_nav(NavItem(_("Quality objectives"), "objectives:list", group="improvement", order=70))
    register_nav(NavItem(_("Objectives board"), "objectives:board_current", group="improvement", order=72))
    register_tile(
        Tile(
            _("Objectives at risk or missed"),
            count=panels.objectives_at_risk_count,
            url=lambda user: reverse("objectives:list") + "?status=at_risk&status=missed",
            order=70,
            tone="warn",
        )
    )
