"""Routes of the periodic-review REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from reviews import api

app_name = "reviews_api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reviews", api.PeriodicReviewViewSet, basename="review")

urlpatterns = router.urls
