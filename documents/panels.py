"""Context of the documents panels on the home and version pages (registered in
documents.ui)."""

from django.db.models import Exists

from documents.models import VersionAttachment
from documents.selectors import dashboard_for


def home_panel(request):
    return dashboard_for(request.user)


def attachment_facts(request, version) -> dict:
    """Asked with the page's other small questions in one query (qms.ui): a version
    without attachments costs no query of its own."""
    return {"any": Exists(VersionAttachment.objects.filter(version=version))}


def attachments_panel(request, version, facts) -> dict | None:
    """The further files of the version (beside its main file), listed on its page."""
    if not facts["any"]:
        return None
    return {"attachments": list(version.attachments.order_by("pk"))}
