"""Approvals on the shared pages: menu entries and the home, document and version panels."""

from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, register_action_with_own_page, register_nav, register_panel

HOME_TO_READ = 8  # the rest is on My tasks


def _may_manage_routes(user):
    return user.is_authenticated and user.has_perm("approvals.manage_routes")


def _home(request):
    from approvals import selectors

    user = request.user
    if not user.is_authenticated:
        return None
    to_read = list(selectors.acknowledgements_outstanding_for(user)[: HOME_TO_READ + 1])
    tasks = selectors.signing_tasks_for(user)
    if not (to_read or tasks):
        return None
    return {"to_read": to_read[:HOME_TO_READ], "more_to_read": len(to_read) > HOME_TO_READ, "tasks": tasks}


def _document(request, document):
    from approvals import panels

    return panels.document_panel(request, document)


def _version(request, version):
    from approvals import panels

    return panels.version_panel(request, version)


def register():
    register_action_with_own_page("withdraw")  # signed withdrawal, on the version panel
    register_nav(NavItem(_("My tasks"), "approvals:my_tasks", order=15))
    register_nav(NavItem(_("Change requests"), "approvals:change_request_list", order=40))
    register_nav(
        NavItem(_("Approval routes"), "approvals:route_template_list", order=45, visible=_may_manage_routes)
    )
    register_panel("home", Panel("approvals/panels/home.html", _home, order=5))
    register_panel("document", Panel("approvals/panels/document.html", _document, order=20))
    register_panel("version", Panel("approvals/panels/version.html", _version, order=20))
