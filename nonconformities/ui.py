from django.utils.translation import gettext_lazy as _

from nonconformities.permissions import user_may_triage
from qms.ui import NavItem, Panel, register_nav, register_panel


def _home_panel(request):
    from nonconformities.selectors import corrective_action_list_for, nonconformity_list_visible_to

    user = request.user
    if not user.is_authenticated:
        return None
    mine = nonconformity_list_visible_to(user, status="open").filter(owner=user)[:10]
    actions = corrective_action_list_for(user).filter(owner=user, status="open").order_by("due_date")[:10]
    if not mine and not actions:
        return None
    return {"my_nonconformities": mine, "my_actions": actions}


def _document_panel(request, document):
    """Nonconformities that name this document or plan to change it."""
    from django.db.models import Q

    from nonconformities.selectors import nonconformity_list_visible_to

    if not request.user.is_authenticated:
        return None
    rows = list(
        nonconformity_list_visible_to(request.user)
        .filter(Q(documents=document) | Q(actions__document=document))
        .distinct()
        .order_by("-date_detected", "-pk")[:20]
    )
    return {"nonconformities": rows} if rows else None


def _anyone(user):
    return True  # the public feedback form needs no login


def register():
    register_nav(NavItem(_("Send feedback"), "public_feedback", order=200, visible=_anyone))
    register_nav(NavItem(_("Nonconformities"), "nonconformities:list", order=50))
    register_nav(NavItem(_("NC dashboard"), "nonconformities:dashboard", order=55))
    register_nav(NavItem(_("Feedback"), "nonconformities:feedback_list", order=60, visible=user_may_triage))
    register_panel("home", Panel("nonconformities/panels/home.html", _home_panel, order=40))
    register_panel("document", Panel("nonconformities/panels/document.html", _document_panel, order=60))
