from django.utils.translation import gettext_lazy as _

from documents.permissions import user_is_officer
from qms.ui import NavItem, Panel, register_nav, register_panel


def _dashboard(request):
    from documents.selectors import dashboard_for

    return dashboard_for(request.user)


def register():
    register_nav(NavItem(_("Documents"), "documents:list", order=10))
    register_nav(NavItem(_("Master list"), "documents:master_list", order=20))
    register_nav(NavItem(_("External documents"), "documents:external_list", order=25))
    register_nav(NavItem(_("Register document"), "documents:register", order=30, visible=user_is_officer))
    register_panel("home", Panel("documents/panels/dashboard.html", _dashboard, order=10))
