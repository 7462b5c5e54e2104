from django.apps import AppConfig


class QmsConfig(AppConfig):
    """The project package is an app only for the models of its cross-cutting services
    (``qms.sequences``); it is the lowest layer, so every app may use them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "qms"

    def ready(self):
        from qms import lookups

        lookups.register()
