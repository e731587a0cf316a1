"""The outbox sweep (beat): every registered outbox (core.outbox.register) in one task."""

from celery import shared_task

from . import outbox


@shared_task(name="core.tasks.outbox_sweep")
def outbox_sweep() -> dict:
    """Free expired claims and ask for a drain of every outbox with rows due."""
    return outbox.sweep_all()
