from django.urls import include, path

from procedures import views

# The public catalogue (no login), under a Vietnamese and an English path.
public_patterns = [
    path("", views.public_list, name="list"),
    path("<str:code>/", views.public_detail, name="detail"),
    path("<str:code>/niem-yet.pdf", views.public_posting_sheet, name="posting_sheet"),
    path("<str:code>/bieu-mau/<int:document_id>.pdf", views.public_form, name="form"),
]

officer_patterns = [
    path("", views.procedure_list, name="list"),
    path("new/", views.procedure_create, name="create"),
    path("export.xlsx", views.catalogue_export, name="export"),
    path("import/", views.catalogue_import, name="import"),
    path("<int:pk>/", views.procedure_detail, name="detail"),
    path("<int:pk>/edit/", views.procedure_edit, name="edit"),
    path("<int:pk>/preview/", views.procedure_public_preview, name="preview"),
    path("<int:pk>/do/<slug:action>/", views.procedure_transition, name="transition"),
]

urlpatterns = [
    path("thu-tuc/", include((public_patterns, "procedures_public"))),
    path("procedures/", include((public_patterns, "procedures_public_en"))),
    path("administrative-procedures/", include((officer_patterns, "procedures"))),
]
