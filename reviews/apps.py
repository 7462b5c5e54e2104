from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = _("Periodic review")

    def ready(self):
        from reviews import due_events, ui

        due_events.register_kinds()
        ui.register()
