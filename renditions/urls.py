from django.urls import path

from renditions import views

app_name = "renditions"

urlpatterns = [
    path("s/<str:token>/", views.version_status, name="status"),
    path("renditions/versions/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path(
        "renditions/versions/<int:pk>/pages/<int:page>.png",
        views.version_page_image,
        name="version_page_image",
    ),
    path("renditions/<int:pk>/progress/", views.rendition_progress, name="progress"),
    path("renditions/<int:pk>/retry/", views.rendition_retry, name="retry"),
    path("renditions/versions/<int:pk>/copies/issue/", views.copy_issue, name="copy_issue"),
    path("renditions/copies/", views.copy_list, name="copy_list"),
    path("renditions/copies/<int:pk>/retrieve/", views.copy_retrieve, name="copy_retrieve"),
    path("renditions/copies/<int:pk>/pdf/", views.copy_pdf, name="copy_pdf"),
    path("renditions/access-log/", views.access_log, name="access_log"),
    path("renditions/master-list.pdf", views.master_list_pdf, name="master_list_pdf"),
    path("renditions/external-list.pdf", views.master_list_pdf, {"external": True}, name="external_list_pdf"),
]
