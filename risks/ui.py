"""Risks and opportunities on the shared pages: menu entries and the home tile."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Tile, register_nav, register_tile
from risks import panels
from risks.permissions import user_is_risk_officer


def register():
    register_nav(NavItem(_("Risks and opportunities"), "risks:list", group="improvement", order=80))
    register_nav(NavItem(_("Risk heat map"), "risks:heatmap", group="improvement", order=82))
    register_nav(
        NavItem(_("Risk rating bands"), "risks:bands", group="admin", order=80, visible=user_is_risk_officer)
    )
    register_tile(
        Tile(
            _("Risks due for review"),
            count=panels.risks_due_for_review_count,
            url=lambda user: reverse("risks:list") + "?review_due=true",
            order=80,
            tone="warn",
        )
    )
