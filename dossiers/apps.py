from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dossiers"
    verbose_name = _("Dossiers and citizen satisfaction")

    def ready(self):
        from dossiers import hooks, indicators, ui

        hooks.register()
        indicators.register()
        ui.register()
