"""FILE_STORAGE is read in base settings: local disk by default, S3 only with a bucket."""

from tests.test_settings import _import_settings


def test_s3_without_a_bucket_refuses_to_start_with_a_clear_message():
    result = _import_settings("qms.settings.base", DEBUG="true", FILE_STORAGE="s3", S3_BUCKET="")
    assert result.returncode != 0
    assert "FILE_STORAGE=s3 needs S3_BUCKET" in result.stderr


def test_local_disk_is_the_default():
    from django.conf import settings

    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
