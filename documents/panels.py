"""Context of the documents panel on the home page (registered in documents.ui)."""

from documents.selectors import dashboard_for


def home_panel(request):
    return dashboard_for(request.user)
