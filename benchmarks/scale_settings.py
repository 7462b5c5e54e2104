"""Settings of the scale benchmark's gunicorn: the project's, with a URL conf that adds
bare views beside the project's pages, and a middleware that reports each response's
SQL query count in an ``X-Queries`` header."""

from qms.settings.base import *  # noqa: F403
from qms.settings.base import MIDDLEWARE

ROOT_URLCONF = "benchmarks.scale_urls"
MIDDLEWARE = ["benchmarks.scale_urls.QueryCountMiddleware", *MIDDLEWARE]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
