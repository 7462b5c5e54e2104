from django.urls import path

from audits import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_plan, name="plan"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/edit/", views.audit_edit, name="edit"),
    path("<int:pk>/<str:action>/do/", views.audit_transition, name="transition"),
    path("<int:pk>/checklist/", views.checklist, name="checklist"),
    path("<int:pk>/checklist/add/", views.checklist_add, name="checklist_add"),
    path("checklist/<int:item_pk>/answer/", views.checklist_answer, name="answer"),
    path("checklist/<int:item_pk>/files/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/findings/new/", views.finding_new, name="finding_new"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("findings/<int:pk>/nonconformity/", views.finding_open_nonconformity, name="finding_open_nc"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<int:year>/", views.programme_detail, name="programme"),
    path("coverage/<int:year>/", views.coverage, name="coverage"),
    path("checklists/", views.template_list, name="templates"),
    path("checklists/<int:pk>/", views.template_detail, name="template"),
    path("auditors/", views.qualification_list, name="qualifications"),
    path("auditors/<int:user_pk>/", views.qualification_edit, name="qualification_edit"),
]
