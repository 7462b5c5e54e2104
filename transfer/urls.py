from django.urls import path

from transfer import views

app_name = "transfer"

urlpatterns = [
    path("transfer/import/", views.import_start, name="import"),
    path("transfer/import/<int:pk>/", views.batch_detail, name="batch"),
    path("transfer/import/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("transfer/import/<int:pk>/run/", views.batch_run_view, name="batch_run"),
    path("transfer/import/<int:pk>/convert/", views.batch_convert_view, name="batch_convert"),
    path("transfer/import/<int:pk>/report.csv", views.batch_csv, name="batch_csv"),
    path("transfer/export/", views.export_download, name="export"),
]
