from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = _("Periodic review")

    def ready(self):
        from django.apps import apps

        from reviews import indicators, ui

        ui.register()
        indicators.register()
        if apps.is_installed("reminders"):
            from reviews import reminders

            reminders.register_kinds()
