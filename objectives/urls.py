from django.urls import path

from objectives import views

app_name = "objectives"

urlpatterns = [
    path("", views.objective_list, name="list"),
    path("new/", views.objective_create, name="create"),
    path("board/", views.board_current, name="board_current"),
    path("board/<int:year>/", views.objective_board, name="board"),
    path("<int:pk>/", views.objective_detail, name="detail"),
    path("<int:pk>/edit/", views.objective_edit, name="edit"),
    path("<int:pk>/measure/", views.measurement_record, name="measure"),
    path("<int:pk>/plan/", views.plan_item_add, name="plan_add"),
    path("<int:pk>/compute/", views.objective_compute, name="compute"),
    path("<int:pk>/open-nc/", views.objective_open_nonconformity, name="open_nc"),
    path("measurements/<int:pk>/evidence/", views.measurement_evidence, name="evidence"),
]
