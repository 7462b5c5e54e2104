"""Celery entry point: text extraction after an upload (in-process under ``make run``)."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

SOFT_TIME_LIMIT = 900
TIME_LIMIT = 960


@shared_task(soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT, acks_late=True)
def extract_version_text_task(version_id: int) -> str:
    from documents.models import DocumentVersion
    from search.models import VersionText
    from search.services import version_text_extract

    try:
        return version_text_extract(version_id=version_id).status
    except DocumentVersion.DoesNotExist:
        return "gone"
    except SoftTimeLimitExceeded:
        VersionText.objects.filter(version_id=version_id).update(
            status=VersionText.Status.FAILED, error=f"Extraction stopped after {SOFT_TIME_LIMIT} s"
        )
        return VersionText.Status.FAILED
