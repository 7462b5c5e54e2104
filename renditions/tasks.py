"""Celery entry points. Large renditions are built here, with time and memory limits."""

import logging
import resource

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

logger = logging.getLogger(__name__)

SOFT_TIME_LIMIT = 240
TIME_LIMIT = 300


def _limit_memory() -> None:
    """Cap the worker child's address space so a runaway layout fails with MemoryError
    instead of taking the machine down (WeasyPrint needs about 1 MB a page)."""
    limit_mb = getattr(settings, "QMS_RENDITION_MEMORY_LIMIT_MB", 2048)
    if not limit_mb:
        return
    limit = limit_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@shared_task(bind=True, soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT, acks_late=True)
def rendition_build_task(self, rendition_id: int) -> None:
    from renditions.models import Rendition
    from renditions.services import rendition_build, rendition_fail

    if not self.request.is_eager:
        _limit_memory()
    try:
        rendition_build(rendition_id=rendition_id)
    except (SoftTimeLimitExceeded, MemoryError):
        logger.warning("Rendition %s stopped: too large to render", rendition_id)
        rendition_fail(rendition_id=rendition_id, failure=Rendition.Failure.TOO_LARGE)


@shared_task(bind=True, soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT, acks_late=True)
def rendition_prebuild_task(self, version_id: int, language: str) -> None:
    """Build a version's controlled PDF ahead of any reader (queued when it becomes
    effective): cached and verified afterwards, so downloads only stamp it."""
    from documents.models import DocumentVersion
    from renditions.models import Rendition
    from renditions.services import rendition_fail, rendition_prepare

    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return
    if not self.request.is_eager:
        _limit_memory()
    try:
        rendition_prepare(version=version, language=language, inline=True)
    except (SoftTimeLimitExceeded, MemoryError):
        logger.warning("Controlled PDF of version %s stopped: too large to render", version_id)
        rendition = Rendition.objects.filter(version_id=version_id, language=language).first()
        if rendition is not None:
            rendition_fail(rendition_id=rendition.pk, failure=Rendition.Failure.TOO_LARGE)


@shared_task
def renditions_expire_stuck_task() -> int:
    """Beat, every few minutes: builds lost with their worker are marked failed."""
    from renditions.services import renditions_expire_stuck

    return renditions_expire_stuck()


@shared_task
def stored_files_sweep_task() -> dict:
    """Beat, daily: every stored file and cached PDF against its SHA-256; officers told of
    each new finding once (see ``manage.py verify_files`` for the same check by hand)."""
    from renditions.services import stored_files_sweep

    return stored_files_sweep()
