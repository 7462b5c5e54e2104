from django.conf import settings
from django.db import models


class SigningAttempt(models.Model):
    """Every password re-entry made to sign, kept to lock signing after repeated failures."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    succeeded = models.BooleanField()
    purpose = models.CharField(max_length=120, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "succeeded", "at"])]

    def __str__(self):
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {'ok' if self.succeeded else 'failed'}"
