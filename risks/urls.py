from django.urls import path

from risks import views

app_name = "risks"

urlpatterns = [
    path("", views.risk_list, name="list"),
    path("new/", views.risk_create, name="create"),
    path("heat-map/", views.risk_heatmap, name="heatmap"),
    path("bands/", views.rating_bands, name="bands"),
    path("bands/<int:pk>/delete/", views.rating_band_delete, name="band_delete"),
    path("<int:pk>/", views.risk_detail, name="detail"),
    path("<int:pk>/edit/", views.risk_edit, name="edit"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/<str:action>/", views.risk_transition, name="transition"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action_complete"),
    path("actions/<int:pk>/cancel/", views.action_cancel, name="action_cancel"),
    path("actions/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
]
