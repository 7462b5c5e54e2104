from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenditionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "renditions"
    verbose_name = _("PDF renditions and controlled copies")

    def ready(self):
        from qms.uploads import stored_file_set_register
        from renditions import hooks, ui

        hooks.register()
        ui.register()
        stored_file_set_register(model="renditions.Rendition", file_field="file", checksum_field="checksum")
