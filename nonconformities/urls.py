from django.urls import include, path

from nonconformities import views

app_patterns = [
    path("", views.nonconformity_list, name="list"),
    path("new/", views.nonconformity_report, name="report"),
    path("export.csv", views.nonconformity_export_csv, name="export_csv"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.nonconformity_detail, name="detail"),
    path("<int:pk>/pdf/", views.nonconformity_pdf, name="pdf"),
    path("<int:pk>/assign/", views.nonconformity_assign, name="assign"),
    path("<int:pk>/do/<slug:action>/", views.nonconformity_transition, name="transition"),
    path("<int:pk>/actions/add/", views.corrective_action_add, name="action_add"),
    path("actions/<int:pk>/complete/", views.corrective_action_complete, name="action_complete"),
    path("actions/<int:pk>/cancel/", views.corrective_action_cancel, name="action_cancel"),
    path("actions/<int:pk>/evidence/", views.corrective_action_evidence, name="action_evidence"),
    path("verifications/<int:pk>/evidence/", views.verification_evidence, name="verification_evidence"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/answer/", views.feedback_answer, name="feedback_answer"),
    path("feedback/<int:pk>/open/", views.feedback_open_nonconformity, name="feedback_open"),
    path("feedback/<int:pk>/attachment/", views.feedback_attachment, name="feedback_attachment"),
]

# Public pages (no login): the feedback form and the status page by reference.
urlpatterns = [
    path("nonconformities/", include((app_patterns, "nonconformities"))),
    path("feedback/", views.feedback_public_form, name="public_feedback"),
    path("feedback/sent/", views.feedback_public_sent, name="public_feedback_sent"),
    path("feedback/status/", views.feedback_public_status, name="public_feedback_status"),
]
