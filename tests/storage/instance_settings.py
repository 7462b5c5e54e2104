"""Settings of the app servers started by test_two_instances.py: the test settings, with
the cache on Redis (REDIS_URL) shared by both; tasks still run in-process, so nothing is
left queued on the test Redis (this test is about shared state, not the worker)."""

from qms.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = True
# Small enough for the test to reach across the two servers (counted in Redis).
QMS_FEEDBACK_STATUS_RATE = "3/h"
