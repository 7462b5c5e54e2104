from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: ``manage.py seed_demo`` loads each app's part in order. The top
    layer, so that no app imports another only to seed it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
