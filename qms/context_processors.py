from django.conf import settings

from qms.ui import nav_for


def qms(request):
    user = getattr(request, "user", None)
    return {
        "organisation_name": settings.QMS_ORGANISATION_NAME,
        # A path under the static files, the logo also printed on the PDFs.
        "organisation_logo": getattr(settings, "QMS_ORGANISATION_LOGO", ""),
        "nav_items": nav_for(user) if user is not None else [],
    }
