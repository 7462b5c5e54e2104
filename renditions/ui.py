"""Where renditions plug into the shared pages (see qms/ui.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, register_nav, register_panel
from renditions.permissions import may_issue_copies, may_read_access_log, may_see_copies


def _version_panel(request, version):
    from renditions import builders, selectors
    from renditions.forms import CopyRetrieveForm

    context = {
        "version": version,
        "pdf_url": reverse("renditions:version_pdf", args=[version.pk]),
        "may_issue": may_issue_copies(request.user) and version.status == "effective",
        "may_see_copies": may_see_copies(request.user),
        "may_read_log": may_read_access_log(request.user),
    }
    if context["may_see_copies"]:
        context["copies"] = list(selectors.copy_list(request.user, version=version))
        context["copies_out"] = [copy for copy in context["copies"] if copy.is_out]
        context["retrieve_form"] = CopyRetrieveForm()
        context["status_url"] = builders.status_url_for(version)
    return context


def _master_list_panel(request, external):
    name = "renditions:external_list_pdf" if external else "renditions:master_list_pdf"
    return {"pdf_url": reverse(name)}


def _home_panel(request):
    from renditions import selectors

    if not may_see_copies(request.user):
        return None
    count = selectors.copies_to_retrieve(request.user).count()
    return {"to_retrieve": count} if count else None


def register():
    register_nav(NavItem(_("Controlled copies"), "renditions:copy_list", order=60, visible=may_see_copies))
    register_nav(NavItem(_("Access log"), "renditions:access_log", order=65, visible=may_read_access_log))
    register_panel("version", Panel("renditions/panels/version.html", _version_panel, order=20))
    register_panel("master_list", Panel("renditions/panels/master_list.html", _master_list_panel, order=10))
    register_panel("home", Panel("renditions/panels/home.html", _home_panel, order=40))
