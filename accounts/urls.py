from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("security/", views.security_view, name="security"),
    path("security/lift/", views.lift_view, name="lift"),
    path("security/tokens/<int:user_id>/revoke/", views.token_revoke_view, name="token_revoke"),
]
