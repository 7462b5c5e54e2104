from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "risks"
    verbose_name = _("Risks and opportunities")

    def ready(self):
        from django.apps import apps

        from qms.uploads import stored_file_set_register
        from risks import ui

        ui.register()
        stored_file_set_register(
            model="risks.TreatmentAction", file_field="file", checksum_field="file_checksum"
        )
        if apps.is_installed("reminders"):
            from risks import reminders

            reminders.register_kinds()
