from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import LoginView
from notifications.views import language_switch
from qms.views import home

handler400 = "qms.views.bad_request"
handler403 = "qms.views.permission_denied"
handler404 = "qms.views.not_found"
handler500 = "qms.views.server_error"

urlpatterns = [
    path("i18n/setlang/", language_switch, name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("accounts.api_urls")),
    path("api/v1/", include("documents.api_urls")),
    path("api/v1/", include("approvals.api_urls")),
    path("api/v1/", include("nonconformities.api_urls")),
    path("api/v1/", include("audits.api_urls")),
    path("api/v1/", include("renditions.api_urls")),
    path("api/v1/", include("reviews.api_urls")),
    path("api/v1/", include("management_reviews.api_urls")),
    path("api/v1/", include("procedures.api_urls")),
    path("api/v1/", include("dossiers.api_urls")),
    path("api/v1/", include("objectives.api_urls")),
    path("api/v1/", include("risks.api_urls")),
    path("api/v1/", include("search.api_urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("audits/", include("audits.urls")),
    path("reviews/", include("reviews.urls")),
    path("reminders/", include("reminders.urls")),
    path("management-reviews/", include("management_reviews.urls")),
    path("approvals/", include("approvals.urls")),
    path("notifications/", include("notifications.urls")),
    path("objectives/", include("objectives.urls")),
    path("risks/", include("risks.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("", include("search.urls")),
    path("", include("transfer.urls")),
    path("", include("dossiers.public_urls")),
    path("", include("procedures.urls")),
    path("", include("nonconformities.urls")),
    path("", include("renditions.urls")),
    path("", include("documents.urls")),
    path("", home, name="home"),
]
