"""The project's URLs plus views that fail on purpose, for tests/qms/test_errors.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from qms.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def refused(request):
    raise PermissionDenied("Not for this role.")


def broken(request):
    raise RuntimeError("A bug.")


urlpatterns = [
    path("refused/", refused),
    path("broken/", broken),
    path("api/v1/refused/", refused),
    path("api/v1/broken/", broken),
    *urlpatterns,
]
