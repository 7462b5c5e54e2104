"""Routes of the approvals REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from approvals import api

app_name = "approvals_api"

router = DefaultRouter()
router.register("route-templates", api.RouteTemplateViewSet, basename="route-template")
router.register("approval-routes", api.ApprovalRouteViewSet, basename="approval-route")
router.register("approval-tasks", api.SigningTaskViewSet, basename="approval-task")
router.register("signatures", api.SignatureViewSet, basename="signature")
router.register("change-requests", api.ChangeRequestViewSet, basename="change-request")
router.register("acknowledgements", api.AcknowledgementViewSet, basename="acknowledgement")
router.register("distributions", api.DistributionViewSet, basename="distribution")
# /versions/{id}/approve|reject|withdraw/: the documents API serves the rest of /versions/.
router.register("versions", api.VersionSigningViewSet, basename="version")

urlpatterns = router.urls
