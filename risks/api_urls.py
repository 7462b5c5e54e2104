"""Routes of the risks REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from risks import api

app_name = "risks_api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("risks", api.RiskViewSet, basename="risk")
router.register("risk-actions", api.TreatmentActionViewSet, basename="riskaction")

urlpatterns = router.urls
