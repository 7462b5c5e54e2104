from django.utils.translation import gettext_lazy as _

from documents.permissions import user_is_officer
from qms.ui import HomePanel, NavItem, register_home_panel, register_nav


def _dashboard(request):
    from documents.selectors import dashboard_for

    return dashboard_for(request.user)


def register():
    register_nav(NavItem(_("Documents"), "documents:list", order=10))
    register_nav(NavItem(_("Master list"), "documents:master_list", order=20))
    register_nav(NavItem(_("External documents"), "documents:external_list", order=25))
    register_nav(NavItem(_("Register document"), "documents:register", order=30, visible=user_is_officer))
    register_home_panel(HomePanel("documents/panels/dashboard.html", _dashboard, order=10))
