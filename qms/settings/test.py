"""Test settings: the same as base, with a fixed key, fast hashing and in-memory mail."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="qms-test-media-"))

from qms.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = tempfile.mkdtemp(prefix="qms-test-static-")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LANGUAGE_CODE = "en"
# Tests that want the controlled PDF built at publication turn this on themselves.
QMS_RENDITION_BUILD_ON_EFFECTIVE = False
# transfer: tasks run in the caller, not in a background thread as under `make run`.
TRANSFER_TASKS_IN_THREAD = False
