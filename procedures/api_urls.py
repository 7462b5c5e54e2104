"""Routes of the procedures REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from procedures import api

app_name = "procedures_api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("procedures/public", api.PublicProcedureViewSet, basename="public-procedure")
router.register("procedures", api.ProcedureViewSet, basename="procedure")

urlpatterns = router.urls
