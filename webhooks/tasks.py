from celery import shared_task

from core.clock import today_legal

from . import services


@shared_task(
    name="webhooks.tasks.webhook_deliver",
    bind=True,
    max_retries=services.MAX_ATTEMPTS - 1,
)
def webhook_deliver(self, delivery_id: int) -> str:
    """Send one delivery; on failure retry with exponential backoff (30 s, 1, 2, 4, 8 min)."""
    try:
        return services.delivery_send(delivery_id=delivery_id).status
    except services.DeliveryFailed as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(name="webhooks.tasks.webhooks_due_soon")
def webhooks_due_soon() -> int:
    """For beat (daily): 'deadline.due_soon' once per endpoint, deadline and due date."""
    return services.deadlines_due_soon_emit(today=today_legal())
