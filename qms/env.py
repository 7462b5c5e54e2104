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


# --- Where uploaded files live (issue 12: several app machines over one shared store) ---

LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"


def file_storage(environ_: environ.Env) -> dict:
    """The STORAGES["default"] entry from the environment.

    FILE_STORAGE=local (default): files under MEDIA_ROOT. FILE_STORAGE=s3: an S3-compatible
    object store through django-storages, from S3_BUCKET, S3_ENDPOINT_URL (empty for AWS),
    S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION, S3_PREFIX and S3_ADDRESSING_STYLE.
    Objects are private and no URL to them is ever handed out: the permission-checking
    views read them through the storage API and stream them. A dotted storage class path
    is still accepted (the former production-only setting)."""
    from django.core.exceptions import ImproperlyConfigured

    choice = environ_.str("FILE_STORAGE", default="local").strip()
    if choice.lower() in ("", "local", LOCAL_STORAGE):
        return {"BACKEND": LOCAL_STORAGE}
    if choice.lower() not in ("s3", S3_STORAGE.lower()):
        return {"BACKEND": choice}
    bucket = environ_.str("S3_BUCKET", default="")
    if not bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET (and usually S3_ENDPOINT_URL).")
    endpoint = environ_.str("S3_ENDPOINT_URL", default="") or None
    return {
        "BACKEND": S3_STORAGE,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            # Empty means boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": environ_.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": environ_.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": environ_.str("S3_REGION", default="") or None,
            "location": environ_.str("S3_PREFIX", default=""),
            # MinIO, Ceph and most self-hosted stores want path-style addressing.
            "addressing_style": environ_.str("S3_ADDRESSING_STYLE", default="path" if endpoint else "auto"),
            "signature_version": "s3v4",
            # Private objects; a URL, were one ever made, would be signed and short-lived.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            # Never overwrite: a second upload with the same name gets a new name, as on disk.
            "file_overwrite": False,
            # A download is spooled through at most this much memory, then a temporary file.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
