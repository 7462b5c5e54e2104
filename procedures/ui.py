"""Procedures on the shared pages: the public catalogue for everyone, the officers' register."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from procedures.permissions import user_may_manage
from procedures.selectors import procedures_to_review
from qms.ui import NavItem, SubqueryCount, Tile, register_nav, register_tile


def _anyone(user):
    return True  # the public catalogue needs no login


def _to_review_count(user):
    return SubqueryCount(procedures_to_review(user)) if user_may_manage(user) else None


def register():
    register_nav(
        NavItem(
            _("Administrative procedures"),
            "procedures_public:list",
            group="public",
            order=100,
            visible=_anyone,
        )
    )
    register_nav(
        NavItem(
            _("Procedure catalogue"), "procedures:list", group="documents", order=80, visible=user_may_manage
        )
    )
    register_tile(
        Tile(
            _("Procedures to review"),
            count=_to_review_count,
            url=lambda user: reverse("procedures:list") + "?needs_review=true",
            order=70,
            tone="warn",
        )
    )
