"""Celery entry points. Thin: they take ids and call reminders.services.

Both tasks are safe to run twice (acks_late + reject_on_worker_lost means a task whose
worker died is delivered again): the sweep only adds missing outbox keys, and delivery
only sends a row it can claim from pending.
"""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from reminders import services

# Retry delays stay well below the Redis visibility timeout (see settings): a task
# delayed longer than that would be handed out twice.
RETRY_BACKOFF_SECONDS = 60
RETRY_BACKOFF_MAX_SECONDS = 1800
MAX_RETRIES = 8


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminders_sweep() -> dict:
    """The daily beat entry: find due events, record them, enqueue pending deliveries."""
    return services.reminders_sweep().as_dict()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def reminder_deliver(self, reminder_id: int) -> bool:
    final = self.request.retries >= self.max_retries
    try:
        return services.reminder_deliver(reminder_id=reminder_id, final_attempt=final)
    except services.DeliveryFailed as error:
        if self.request.is_eager or final or not error.transient:
            # In-process mode has no broker to wait on: the row stays pending with its
            # error, and the next sweep (or an officer) tries again.
            return False
        countdown = get_exponential_backoff_interval(
            factor=RETRY_BACKOFF_SECONDS,
            retries=self.request.retries,
            maximum=RETRY_BACKOFF_MAX_SECONDS,
            full_jitter=True,
        )
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reminders_deliver_batch(reminder_ids: list[int]) -> int:
    """Up to services.DELIVERY_BATCH rows in one task; a row whose e-mail failed for a
    reason a retry can cure goes on with the single-row task and its backoff."""
    sent, failed = services.reminders_deliver_batch(reminder_ids=reminder_ids)
    for reminder_id, transient in failed:
        if transient and not reminders_deliver_batch.request.is_eager:
            reminder_deliver.apply_async(
                (reminder_id,),
                countdown=get_exponential_backoff_interval(
                    factor=RETRY_BACKOFF_SECONDS,
                    retries=0,
                    maximum=RETRY_BACKOFF_MAX_SECONDS,
                    full_jitter=True,
                ),
            )
    return sent
