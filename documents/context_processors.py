from django.conf import settings

from qms.ui import nav_for


def qms(request):
    user = getattr(request, "user", None)
    return {
        "organisation_name": settings.QMS_ORGANISATION_NAME,
        "nav_items": nav_for(user) if user is not None else [],
    }
