"""Management review on the shared pages: menu entries, home tile, document panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from management_reviews import panels
from qms.ui import NavItem, Panel, Tile, register_nav, register_panel, register_tile


def register():
    register_nav(NavItem(_("Management reviews"), "management_reviews:list", group="improvement", order=70))
    register_nav(
        NavItem(
            _("Clause readiness"),
            "management_reviews:readiness",
            group="improvement",
            order=75,
            visible=panels.sees_traceability,
        )
    )
    register_tile(
        Tile(
            _("Management review actions"),
            count=panels.open_actions_count,
            url=lambda user: reverse("management_reviews:decisions") + "?mine=1",
            order=80,
            tone="warn",
        )
    )
    register_panel(
        "document",
        Panel(
            "management_reviews/panels/document.html",
            panels.document_panel,
            order=80,
            facts=panels.document_facts,
        ),
    )
