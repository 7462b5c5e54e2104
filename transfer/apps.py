from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfer"
    verbose_name = _("Import and export of documents")

    def ready(self):
        from transfer import hooks, ui

        hooks.register()
        ui.register()
