from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        # Each app registers its own reminder kinds (<app>/reminders.py) from its ready().
        from reminders import ui

        ui.register()
