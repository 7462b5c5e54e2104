from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search inside documents")

    def ready(self):
        from search import hooks, ui

        hooks.register()
        ui.register()
