"""Thin Celery tasks: the work is claimed in the database (webhooks.delivery, core.outbox)."""

from celery import shared_task

from core.clock import today_legal

from . import delivery, services


@shared_task(name=services.DELIVER)
def deliver_webhooks() -> dict:
    """Send every delivery that is due (new ones, and retries whose backoff ended)."""
    return delivery.deliver().as_dict()


@shared_task(name="webhooks.tasks.webhook_deliver")
def webhook_deliver(delivery_id: int | None = None) -> dict:
    """The task name of before the outbox: messages still queued under it send what is due."""
    return delivery.deliver().as_dict()


@shared_task(name="webhooks.tasks.webhooks_due_soon")
def webhooks_due_soon() -> int:
    """For beat (daily): 'deadline.due_soon' once per endpoint, deadline and due date."""
    return services.deadlines_due_soon_emit(today=today_legal())
