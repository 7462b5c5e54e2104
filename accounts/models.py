from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """What an officer did to someone's access: a lock lifted, an API token revoked.

    Failed and refused password attempts are logged by django-axes (AccessFailureLog);
    this log says who undid a lockout or cut off a token, and when."""

    class Kind(models.TextChoices):
        LOCK_LIFTED = "lock_lifted", _("Sign-in lock lifted")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    username = models.CharField(_("account"), max_length=255)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"
