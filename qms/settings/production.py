"""Production: base plus HTTPS hardening. Every value still comes from the environment."""

from qms.settings.base import *  # noqa: F403
from qms.settings.base import DEBUG, STORAGES, env

if DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG must be off with qms.settings.production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
STORAGES = {
    "default": STORAGES["default"],  # FILE_STORAGE=local|s3, read in qms/env.py
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
