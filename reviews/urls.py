from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.due_view, name="due"),
    path("overdue/", views.overdue_view, name="overdue"),
    path("recent/", views.recent_view, name="recent"),
    path("versions/<int:pk>/", views.version_review_view, name="version"),
]
