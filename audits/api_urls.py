from rest_framework.routers import DefaultRouter

from audits import api

router = DefaultRouter()
# The sub-collections come first so "audits/<pk>/" never swallows their names.
router.register("audits/clauses", api.ClauseViewSet, basename="audit-clause")
router.register("audits/findings", api.FindingViewSet, basename="audit-finding")
router.register("audits/checklist-items", api.ChecklistItemViewSet, basename="audit-checklist-item")
router.register("audits/programmes", api.ProgrammeViewSet, basename="audit-programme")
router.register("audits", api.AuditViewSet, basename="audit")

urlpatterns = router.urls
