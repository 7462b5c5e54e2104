from search.permissions import may_manage_extraction
from search.selectors import version_text_state


def version_panel(request, version):
    """Officers: how the text extraction of this revision went, with a retry button."""
    if not may_manage_extraction(request.user):
        return None
    return {"version": version, "state": version_text_state(version)}
