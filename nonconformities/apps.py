from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NonconformitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nonconformities"
    verbose_name = _("Nonconformities and corrective action")

    def ready(self):
        from django.apps import apps

        from nonconformities import hooks, indicators, ui
        from qms.uploads import stored_file_set_register

        hooks.register()
        ui.register()
        indicators.register()
        for model in ("Feedback", "CorrectiveAction", "Verification"):
            stored_file_set_register(
                model=f"nonconformities.{model}", file_field="file", checksum_field="file_checksum"
            )
        if apps.is_installed("reminders"):
            from nonconformities import reminders

            reminders.register_kinds()
