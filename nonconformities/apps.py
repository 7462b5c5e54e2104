from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NonconformitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nonconformities"
    verbose_name = _("Nonconformities and corrective action")

    def ready(self):
        from django.apps import apps

        from nonconformities import ui

        ui.register()
        if apps.is_installed("reminders"):
            from nonconformities import due_events

            due_events.register_kinds()
