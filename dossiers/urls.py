from django.urls import path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", views.dossier_list, name="list"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/nonconformity/", views.dossier_open_nonconformity, name="open_nonconformity"),
    path("<int:pk>/slip.pdf", views.control_slip_pdf, name="slip_pdf"),
    path("<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/apology.pdf", views.apology_letter_pdf, name="apology_pdf"),
    path("late-steps/nonconformity/", views.late_step_open_nonconformity, name="late_step_nonconformity"),
    path("import/", views.dossier_import, name="import"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:pk>/delete/", views.calendar_delete, name="calendar_delete"),
    path("forms/", views.form_templates, name="form_templates"),
    path("forms/<int:pk>/", views.form_template_edit, name="form_template_edit"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path(
        "satisfaction/<int:pk>/nonconformity/",
        views.response_open_nonconformity,
        name="response_nonconformity",
    ),
]

# Public, no login; mounted at the site root by qms/urls.py (Vietnamese paths, like /thu-tuc/).
public_urlpatterns = [
    path("khao-sat/", views.public_survey, name="public_survey"),
    path("khao-sat/cam-on/", views.public_survey_thanks, name="public_survey_thanks"),
    path("khao-sat/thu-tuc/<str:code>/", views.public_survey_procedure, name="public_survey_procedure"),
    path("khao-sat/ho-so/<str:token>/", views.public_survey_receipt, name="public_survey_receipt"),
]
