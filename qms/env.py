"""The one place settings are read from the environment (django-environ)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

# Marks the built-in development key; production refuses to start with it.
INSECURE_SECRET_KEY = "insecure-dev-key-change-me"

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, INSECURE_SECRET_KEY),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    REDIS_URL=(str, ""),
    TIME_ZONE=(str, "Asia/Ho_Chi_Minh"),
    LANGUAGE_CODE=(str, "vi"),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    UPLOAD_MAX_BYTES=(int, 25 * 1024 * 1024),
    UPLOAD_MAX_EXPANDED_BYTES=(int, 256 * 1024 * 1024),
    ORGANISATION_NAME=(str, "Sở Giáo dục và Đào tạo"),
    SITE_URL=(str, "http://127.0.0.1:8000"),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "qms@localhost"),
)
