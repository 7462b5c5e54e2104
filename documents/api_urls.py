"""Routes of the documents REST API, mounted at /api/v1/ by qms/urls.py."""

from rest_framework.routers import DefaultRouter

from documents import api

app_name = "documents_api"

router = DefaultRouter()
router.register("departments", api.DepartmentViewSet, basename="department")
router.register("document-types", api.DocumentTypeViewSet, basename="documenttype")
router.register("documents", api.DocumentViewSet, basename="document")
router.register("versions", api.VersionViewSet, basename="version")

urlpatterns = router.urls
