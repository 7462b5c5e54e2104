from django.db.models import Exists

from search.models import VersionText
from search.permissions import may_manage_extraction
from search.selectors import version_text_state


def version_facts(request, version) -> dict:
    """Asked with the page's other small questions in one query (qms.ui)."""
    if not may_manage_extraction(request.user):
        return {}
    return {"extracted": Exists(VersionText.objects.filter(version=version))}


def version_panel(request, version, facts):
    """Officers: how the text extraction of this revision went, with a retry button."""
    if not may_manage_extraction(request.user):
        return None
    return {"version": version, "state": version_text_state(version) if facts["extracted"] else None}
