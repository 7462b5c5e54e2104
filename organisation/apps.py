from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from django.db.models.signals import post_migrate

        from organisation.services import organisation_reference_data_ensure
        from qms.reference_data import on_post_migrate, reference_data_register

        # Role groups and the system user come first: other reference rows name them.
        reference_data_register(organisation_reference_data_ensure)
        post_migrate.connect(on_post_migrate, dispatch_uid="qms.reference_data")
