from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from qms.filters import FilterRefused


def bad_request(request, exception):
    """400: a page's refused filter shows what was wrong and a way back to the full list;
    anything else gets Django's plain answer."""
    if isinstance(exception, FilterRefused):
        return render(request, "400.html", {"errors": exception.errors, "list_url": request.path}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception):
    """404: under /api/ the API's JSON body (an address no route matches, e.g. a
    non-numeric id), elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
