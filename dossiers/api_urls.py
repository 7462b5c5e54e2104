"""Routes of the dossiers REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from dossiers import api

app_name = "dossiers_api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("dossiers", api.DossierViewSet, basename="dossier")

urlpatterns = router.urls
