from dossiers.urls import public_urlpatterns as urlpatterns  # noqa: F401
