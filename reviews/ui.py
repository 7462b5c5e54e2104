"""Periodic review on the shared pages: the menu entry and the home and version panels."""

from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, register_nav, register_panel
from reviews import panels


def register():
    register_nav(NavItem(_("Periodic review"), "reviews:due", group="work", order=40))
    register_panel("home", Panel("reviews/panels/my_reviews.html", panels.home_panel, order=20))
    register_panel("version", Panel("reviews/panels/version_review.html", panels.version_panel, order=50))
