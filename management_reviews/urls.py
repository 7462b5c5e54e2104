from django.urls import path

from management_reviews import views

app_name = "management_reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_plan, name="plan"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.review_transition, name="transition"),
    path("<int:pk>/conclusions/", views.review_conclusions, name="conclusions"),
    path("<int:pk>/decisions/add/", views.decision_add, name="decision_add"),
    path("<int:pk>/correct/", views.review_correct, name="correct"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="pdf"),
    path("sections/<int:pk>/comment/", views.section_comment, name="section_comment"),
    path("actions/", views.decision_list, name="decisions"),
    path("actions/<int:pk>/<slug:outcome>/", views.decision_close, name="decision_close"),
    path("clauses/", views.clause_matrix, name="clause_matrix"),
    path("clauses/readiness/", views.readiness, name="readiness"),
    path("clauses/export.csv", views.clause_matrix_csv, name="clause_matrix_csv"),
    path("clauses/export.pdf", views.clause_matrix_pdf, name="clause_matrix_pdf"),
    path("documents/<int:document_pk>/clauses/", views.document_clauses, name="document_clauses"),
]
