from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("failed/", views.failed_view, name="failed"),
    path("failed/<int:pk>/retry/", views.retry_view, name="retry"),
]
