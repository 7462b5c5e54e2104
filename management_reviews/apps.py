from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagementReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "management_reviews"
    verbose_name = _("Management review")

    def ready(self):
        from django.apps import apps

        from management_reviews import compilers, ui

        compilers.register_builtin()
        ui.register()
        if apps.is_installed("reminders"):
            from management_reviews import reminders

            reminders.register_kinds()
