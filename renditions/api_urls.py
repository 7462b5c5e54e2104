"""Routes of the renditions REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import SimpleRouter

from renditions import api

app_name = "renditions_api"

router = SimpleRouter()
router.register("renditions", api.RenditionViewSet, basename="rendition")
router.register("controlled-copies", api.ControlledCopyViewSet, basename="controlledcopy")
router.register("access-log", api.AccessEventViewSet, basename="accessevent")

urlpatterns = router.urls
