from django.conf import settings

from qms.ui import nav_for, nav_groups_for

# The header's search box: where it sends its query (URL name, parameter): the search
# inside documents (search app, issue 13).
HEADER_SEARCH = ("search:search", "q")


def qms(request):
    user = getattr(request, "user", None)
    # once per request: a page's panels may have asked the menu's questions with theirs
    items = nav_for(user, request) if user is not None else []
    return {
        "organisation_name": settings.QMS_ORGANISATION_NAME,
        # A path under the static files, the logo also printed on the PDFs.
        "organisation_logo": getattr(settings, "QMS_ORGANISATION_LOGO", ""),
        "nav_items": items,
        "nav_groups": nav_groups_for(user, items) if user is not None else [],
        "header_items": [item for item in items if item.in_header],
        "header_search_url": HEADER_SEARCH[0],
        "header_search_param": HEADER_SEARCH[1],
    }
