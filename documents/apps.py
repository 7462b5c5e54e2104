from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Document control")

    def ready(self):
        from django.db.models.signals import post_migrate

        from documents import ui
        from documents.files import stored_file_set_register
        from qms.reference_data import on_post_migrate

        ui.register()
        stored_file_set_register(
            model="documents.DocumentVersion", file_field="file", checksum_field="checksum"
        )
        post_migrate.connect(on_post_migrate, dispatch_uid="qms.reference_data")
