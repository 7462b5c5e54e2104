"""Periodic review on the shared pages: the menu entry and the home and version panels."""

from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, Tile, register_nav, register_panel, register_tile
from reviews import panels


def register():
    register_tile(Tile(_("Reviews due"), panels.tile_due, panels.tile_due_url, order=30, tone="warn"))
    register_nav(NavItem(_("Periodic review"), "reviews:due", group="work", order=40))
    register_panel("home", Panel("reviews/panels/my_reviews.html", panels.home_panel, order=20))
    register_panel(
        "version",
        Panel(
            "reviews/panels/version_review.html", panels.version_panel, order=50, facts=panels.version_facts
        ),
    )
