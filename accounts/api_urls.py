"""Routes of the API-token endpoints, mounted at /api/v1/ by qms/urls.py."""

from django.urls import path

from accounts import api

app_name = "accounts_api"

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("auth/tokens/<int:user_id>/", api.UserTokenView.as_view(), name="user-token"),
]
