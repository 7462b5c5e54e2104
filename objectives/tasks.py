"""Celery entry point: compute the measurements of built-in indicators (daily, by beat)."""

from celery import shared_task

from objectives import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def objectives_compute() -> int:
    """Safe to run twice: a period's measurement is written again only if its value changed."""
    return services.objectives_compute_all()
