"""Celery entry points: the import of a planned batch and the legacy conversions.
Under ``make run`` without Redis, Celery runs them eagerly in-process."""

from celery import shared_task

from transfer.conversion import TIME_LIMIT_SECONDS


@shared_task(soft_time_limit=TIME_LIMIT_SECONDS + 30, time_limit=TIME_LIMIT_SECONDS + 60, acks_late=True)
def convert_legacy(marker_id: int) -> None:
    from transfer.conversion import convert_imported
    from transfer.models import ImportedVersion

    marker = ImportedVersion.objects.select_related("version", "imported_by").filter(pk=marker_id).first()
    if marker is not None:
        convert_imported(marker)


@shared_task(acks_late=True)
def import_batch(batch_id: int, actor_id: int) -> None:
    from django.contrib.auth import get_user_model

    from transfer.models import ImportBatch
    from transfer.services import batch_run

    batch = ImportBatch.objects.get(pk=batch_id)
    batch_run(batch, actor=get_user_model().objects.get(pk=actor_id))
