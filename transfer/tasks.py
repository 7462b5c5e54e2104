"""Celery entry points: the dry run of a large upload, the import of a planned batch, the
legacy conversions and the search text of what was imported. Thin: each calls a service.

``dispatch`` sends one to the broker. Without a broker (``make run``: Celery eager) the
task runs in a background thread of this process, so the page answers at once and polls
the progress, as it would with a worker (``TRANSFER_TASKS_IN_THREAD``, off in tests,
where the task runs in the caller). A broker that cannot be reached raises
``QueueUnavailable``: the caller says so and nothing was started.
"""

import logging
import threading

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, connections

from transfer.conversion import TIME_LIMIT_SECONDS

logger = logging.getLogger(__name__)


class QueueUnavailable(Exception):
    """The task queue (broker) did not take the task."""


def _in_thread(task, args):
    try:
        task.run(*args)
    except Exception:  # the batch records its own failure; this is the worker's log line
        logger.exception("transfer task %s%s failed", task.name, args)
    finally:
        connections.close_all()


def dispatch(task, *args) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        if getattr(settings, "TRANSFER_TASKS_IN_THREAD", True):
            close_old_connections()
            threading.Thread(target=_in_thread, args=(task, args), daemon=True, name=task.name).start()
        else:
            task.apply(args=args, throw=True)
        return
    from celery import current_app
    from kombu.exceptions import OperationalError

    try:
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0.2, interval_step=0)
            task.apply_async(args=args, connection=connection, retry=False)
    except (OperationalError, OSError) as exc:
        raise QueueUnavailable(str(exc)) from exc


@shared_task(soft_time_limit=TIME_LIMIT_SECONDS + 30, time_limit=TIME_LIMIT_SECONDS + 60, acks_late=True)
def convert_legacy(marker_id: int) -> None:
    from transfer.conversion import convert_imported
    from transfer.models import ImportedVersion

    marker = ImportedVersion.objects.select_related("version", "imported_by").filter(pk=marker_id).first()
    if marker is not None:
        convert_imported(marker)


@shared_task(acks_late=True)
def plan_batch(batch_id: int) -> None:
    from transfer.models import ImportBatch
    from transfer.services import batch_dry_run

    batch = ImportBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is not None and batch.status == ImportBatch.Status.PLANNING:
        batch_dry_run(batch)


@shared_task(acks_late=True)
def import_batch(batch_id: int, actor_id: int) -> None:
    from django.contrib.auth import get_user_model

    from transfer.models import ImportBatch
    from transfer.services import batch_run

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        batch_run(batch, actor=get_user_model().objects.get(pk=actor_id))


@shared_task(acks_late=True)
def extract_imported_texts(batch_id: int) -> None:
    from transfer.services import batch_texts_extract

    batch_texts_extract(batch_id=batch_id)
