from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audits"
    verbose_name = _("Internal audits")

    def ready(self):
        from django.apps import apps

        from audits import ui

        ui.register()
        if apps.is_installed("reminders"):
            from audits.reminder_kinds import register_kinds

            register_kinds()
