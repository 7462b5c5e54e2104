"""Context of the renditions panels on the version, master-list and home pages
(registered in renditions.ui)."""

from django.urls import reverse

from renditions import builders, selectors
from renditions.forms import CopyRetrieveForm
from renditions.permissions import may_issue_copies, may_read_access_log, may_see_copies


def version_panel(request, version):
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


def master_list_panel(request, external):
    name = "renditions:external_list_pdf" if external else "renditions:master_list_pdf"
    return {"pdf_url": reverse(name)}


def home_panel(request):
    if not may_see_copies(request.user):
        return None
    count = selectors.copies_to_retrieve(request.user).count()
    return {"to_retrieve": count} if count else None
