"""Routes of the management reviews REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from management_reviews import api

app_name = "management_reviews_api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("management-reviews", api.ManagementReviewViewSet, basename="managementreview")
router.register("management-review-actions", api.ReviewDecisionViewSet, basename="reviewdecision")

urlpatterns = router.urls
