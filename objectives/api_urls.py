"""Routes of the objectives REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from objectives import api

app_name = "objectives_api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("objectives", api.ObjectiveViewSet, basename="objective")

urlpatterns = router.urls
