from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Document control")

    def ready(self):
        from django.apps import apps

        from documents import ui
        from qms.uploads import stored_file_set_register

        ui.register()
        stored_file_set_register(
            model="documents.DocumentVersion", file_field="file", checksum_field="checksum"
        )
        stored_file_set_register(
            model="documents.VersionAttachment", file_field="file", checksum_field="checksum"
        )
        if apps.is_installed("reminders"):
            from documents import reminders

            reminders.register_kinds()
