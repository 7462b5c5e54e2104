"""Settings for the processes of the real-worker integration test (worker, sweep, seed).

Base settings from the environment (DATABASE_URL, REDIS_URL...), with e-mail written to
files in QMS_TEST_EMAIL_DIR so the test can read what the worker sent.
"""

import os

from qms.settings.base import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["QMS_TEST_EMAIL_DIR"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en"
# A queue of the test's own: another project's worker on the same Redis database must
# not take these tasks (and ours must not take theirs).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("QMS_TEST_QUEUE", "celery")
