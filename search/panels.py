from django.db.models import Subquery

from search.models import VersionText
from search.permissions import may_manage_extraction

STATE_FIELDS = ("status", "method", "error", "page_count", "extracted_at")


def version_facts(request, version) -> dict:
    """The extraction state's fields, asked with the page's other small questions in one
    query (qms.ui): the panel reads nothing more (NULL status: not extracted yet)."""
    if not may_manage_extraction(request.user):
        return {}
    state = VersionText.objects.filter(version=version)
    return {name: Subquery(state.values(name)[:1]) for name in STATE_FIELDS}


def version_panel(request, version, facts):
    """Officers: how the text extraction of this revision went, with a retry button."""
    if not may_manage_extraction(request.user):
        return None
    state = None
    if facts["status"] is not None:
        state = VersionText(version=version, **{name: facts[name] for name in STATE_FIELDS})
    return {"version": version, "state": state}
