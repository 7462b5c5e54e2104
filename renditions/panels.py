"""Context of the renditions panels on the version, master-list and home pages
(registered in renditions.ui)."""

from django.db.models import Exists, Subquery
from django.urls import reverse

from renditions import builders, page_images, selectors
from renditions.forms import CopyRetrieveForm
from renditions.models import StatusLink
from renditions.permissions import may_issue_copies, may_read_access_log, may_see_copies


def version_facts(request, version) -> dict:
    """Asked with the page's other small questions in one query (qms.ui): whether the
    version has copies, and the token of its status page, so that a version without
    copies costs no query of its own."""
    if not may_see_copies(request.user):
        return {}
    return {
        "copies": Exists(selectors.copy_list(request.user, version=version)),
        "status_token": Subquery(StatusLink.objects.filter(version=version).values("token")[:1]),
    }


def version_panel(request, version, facts):
    context = {
        "version": version,
        "pdf_url": reverse("renditions:version_pdf", args=[version.pk]),
        "may_issue": may_issue_copies(request.user) and version.status == "effective",
        "may_see_copies": may_see_copies(request.user),
        "may_read_log": may_read_access_log(request.user),
    }
    if context["may_see_copies"]:
        context["copies"] = (
            list(selectors.copy_list(request.user, version=version)) if facts["copies"] else []
        )
        context["copies_out"] = [copy for copy in context["copies"] if copy.is_out]
        context["retrieve_form"] = CopyRetrieveForm()
        token = facts["status_token"]
        context["status_url"] = builders.status_url(token) if token else builders.status_url_for(version)
    return context


def master_list_panel(request, external):
    name = "renditions:external_list_pdf" if external else "renditions:master_list_pdf"
    return {"pdf_url": reverse(name)}


def home_panel(request):
    if not may_see_copies(request.user):
        return None
    count = selectors.copies_to_retrieve(request.user).count()
    return {"to_retrieve": count} if count else None


SIGN_PAGES_SHOWN = 3  # then "Show all pages"
SIGN_PAGES_MAX = 300


def sign_panel(request, version):
    """The pages being signed, as images, on the sign page (``?pages=all`` for every page)."""
    preview = page_images.version_preview(version=version)
    show_all = request.GET.get("pages") == "all"
    shown = min(preview.page_count, SIGN_PAGES_MAX if show_all else SIGN_PAGES_SHOWN)
    rendition = preview.rendition
    return {
        "version": version,
        "preview": preview,
        "pages": range(1, shown + 1),
        "more": preview.page_count > shown,
        "pdf_url": reverse("renditions:version_pdf", args=[version.pk]),
        "progress_url": reverse("renditions:progress", args=[rendition.pk]) if rendition else "",
        "failed": rendition is not None and rendition.state == rendition.State.FAILED,
    }


def effective_version_panel(request, version):
    """The controlled PDF of the effective version: the document page's main way to read it."""
    return {"version": version, "pdf_url": reverse("renditions:version_pdf", args=[version.pk])}
