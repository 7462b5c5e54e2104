"""Routes of the nonconformities REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from nonconformities import api

app_name = "nonconformities_api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("nonconformities", api.NonconformityViewSet, basename="nonconformity")
router.register("corrective-actions", api.CorrectiveActionViewSet, basename="correctiveaction")
router.register("feedback", api.FeedbackViewSet, basename="feedback")

urlpatterns = router.urls
