from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audits"
    verbose_name = _("Internal audits")

    def ready(self):
        from django.apps import apps

        from audits import indicators, ui
        from qms.uploads import stored_file_set_register

        ui.register()
        indicators.register()
        stored_file_set_register(model="audits.EvidenceFile", file_field="file", checksum_field="checksum")
        stored_file_set_register(model="audits.AuditReport", file_field="pdf", checksum_field="pdf_checksum")
        if apps.is_installed("reminders"):
            from audits import reminders

            reminders.register_kinds()
