from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from django.apps import apps

        from reminders import kinds, ui

        kinds.register_kinds()
        if apps.is_installed("approvals"):
            from reminders import approvals_kinds

            approvals_kinds.register_kinds()
        ui.register()
