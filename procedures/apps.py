from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = _("Administrative procedures")

    def ready(self):
        from procedures import hooks, ui

        hooks.register()
        ui.register()
