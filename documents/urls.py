from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.document_list, name="list"),
    path("documents/register/", views.document_register, name="register"),
    path("documents/master-list/", views.master_list, name="master_list"),
    path("documents/external/", views.master_list, {"external": True}, name="external_list"),
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/new-revision/", views.version_new, name="version_new"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/file/", views.version_download, name="download"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("versions/<int:pk>/<str:action>/", views.version_transition, name="transition"),
]
