from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("route-templates/", views.route_template_list, name="route_template_list"),
    path("route-templates/new/", views.route_template_edit, name="route_template_new"),
    path("route-templates/<int:pk>/", views.route_template_edit, name="route_template_edit"),
    path("versions/<int:pk>/sign/", views.sign, name="sign"),
    path("versions/<int:pk>/changes/", views.diff, name="diff"),
    path("versions/<int:pk>/route/", views.route_edit, name="route_edit"),
    path("versions/<int:pk>/withdraw-signed/", views.withdraw, name="withdraw"),
    path("documents/<int:pk>/change-requests/new/", views.change_request_new, name="change_request_new"),
    path("documents/<int:pk>/distribution/", views.distribution_edit, name="distribution"),
    path("default-readers/", views.distribution_default_list, name="distribution_default_list"),
    path("default-readers/new/", views.distribution_default_edit, name="distribution_default_new"),
    path("default-readers/<int:pk>/", views.distribution_default_edit, name="distribution_default_edit"),
    path("documents/<int:pk>/acknowledgements/", views.acknowledgement_report, name="acknowledgement_report"),
    path(
        "documents/<int:pk>/acknowledgements/outstanding.csv",
        views.acknowledgement_outstanding_csv,
        name="acknowledgement_csv",
    ),
    path("change-requests/", views.change_request_list, name="change_request_list"),
    path("change-requests/<int:pk>/", views.change_request_detail, name="change_request_detail"),
    path(
        "change-requests/<int:pk>/attachment/",
        views.change_request_attachment,
        name="change_request_attachment",
    ),
    path("acknowledgements/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
