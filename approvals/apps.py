from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "approvals"
    verbose_name = _("Approvals and distribution")

    def ready(self):
        from django.apps import apps

        from approvals import hooks, indicators, ui
        from qms.uploads import stored_file_set_register

        hooks.register()
        ui.register()
        indicators.register()
        if apps.is_installed("reminders"):
            from approvals import reminders

            reminders.register_kinds()
        # No checksum is recorded for change-request attachments: checked for existence.
        stored_file_set_register(model="approvals.ChangeRequest", file_field="attachment")
