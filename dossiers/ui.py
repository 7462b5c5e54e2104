"""Dossiers on the shared pages: menu entries and home tiles (qms.ui)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dossiers.permissions import (
    user_manages_dossiers,
    user_sees_some_dossiers,
    user_sees_some_dossiers_expression,
    user_sees_survey_results,
)
from qms.ui import NavItem, SubqueryCount, Tile, register_nav, register_tile


def _anyone(user):
    return True


def _overdue(user):
    if not user_sees_some_dossiers(user):
        return None
    from django.utils import timezone

    from dossiers.selectors import dossier_list_visible_to

    return SubqueryCount(
        dossier_list_visible_to(user).filter(returned_at__isnull=True, deadline_at__lt=timezone.now())
    )


def register():
    register_nav(
        NavItem(
            _("Dossiers on time"),
            "dossiers:dashboard",
            group="work",
            order=70,
            visible=user_sees_some_dossiers_expression,
        )
    )
    register_nav(
        NavItem(
            _("Import dossiers"), "dossiers:import", group="work", order=72, visible=user_manages_dossiers
        )
    )
    register_nav(
        NavItem(
            _("Working calendar"), "dossiers:calendar", group="admin", order=80, visible=user_manages_dossiers
        )
    )
    register_nav(
        NavItem(
            _("One-stop forms"),
            "dossiers:form_templates",
            group="admin",
            order=81,
            visible=user_manages_dossiers,
        )
    )
    register_nav(
        NavItem(
            _("Citizen satisfaction"),
            "dossiers:satisfaction",
            group="improvement",
            order=65,
            visible=user_sees_survey_results,
        )
    )
    register_nav(
        NavItem(_("Satisfaction survey"), "public_survey", group="public", order=210, visible=_anyone)
    )
    register_tile(
        Tile(
            _("Dossiers overdue"),
            count=_overdue,
            url=lambda user: reverse("dossiers:list") + "?state=overdue",
            order=60,
            tone="bad",
        )
    )
