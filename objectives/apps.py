from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "objectives"
    verbose_name = _("Quality objectives")

    def ready(self):
        from django.apps import apps

        from objectives import ui
        from qms.uploads import stored_file_set_register

        ui.register()
        stored_file_set_register(
            model="objectives.Measurement", file_field="file", checksum_field="file_checksum"
        )
        if apps.is_installed("reminders"):
            from objectives import reminders

            reminders.register_kinds()
