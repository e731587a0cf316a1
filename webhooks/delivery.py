"""Delivery of webhooks: the `Delivery` table is an outbox of `core.outbox`, sent through
`transports.WebhookTransport` (one signed POST per row).

The same mechanism as alerts: claim skip-locked with a lease, send outside any transaction,
stamp each outcome conditional on the claim; transient failures (unreachable, 408, 429, 5xx)
retry with backoff, permanent ones (other 4xx, 3xx, a refused target) and exhausted retries end
in ``failed`` with the error kept; the outbox sweep on beat sends whatever is due, including
rows written while the broker was down.
"""

import json
import logging

from core import outbox
from core.clock import now_utc

from . import conf
from .models import Delivery, DeliveryStatus
from .transports import WebhookTransport

log = logging.getLogger(__name__)


def _retry() -> outbox.Retry:
    return outbox.Retry(
        base=conf.retry_base(), cap=conf.RETRY_CAP, max_attempts=conf.max_attempts()
    )


WEBHOOKS = outbox.Outbox(
    name="webhooks",
    model=Delivery,
    drain_task="webhooks.tasks.deliver_webhooks",
    lease=conf.lease,
    retry=_retry,
    state_field="status",
    sent_at_field="delivered_at",
    SENT=DeliveryStatus.DELIVERED,
)


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def send_claimed(token: str, ids: list[int], lease, result: outbox.Result) -> None:
    """POST each claimed delivery; no transaction is open, each stamp commits on its own."""
    rows = Delivery.objects.filter(pk__in=ids, claim=token).select_related("endpoint")
    deliveries = {d.pk: d for d in rows}
    transport = WebhookTransport()
    renewed_at = now_utc()
    for delivery_id in ids:
        delivery = deliveries.get(delivery_id)
        if delivery is None:
            continue
        if now_utc() - renewed_at > lease / 3:
            WEBHOOKS.renew(token, lease)
            renewed_at = now_utc()
        endpoint = delivery.endpoint
        if not endpoint.active:
            WEBHOOKS.stamp_final(delivery_id, token, DeliveryStatus.SKIPPED, "Endpoint disabled.")
            result.cancelled += 1
            continue
        try:
            code = transport.send(
                url=endpoint.url,
                secret=endpoint.secret,
                body=body_of(delivery),
                headers={
                    "X-Iptracker-Event": delivery.event,
                    "X-Iptracker-Delivery": str(delivery.pk),
                },
            )
        except outbox.TransportError as exc:
            WEBHOOKS.record_failure(
                delivery_id, token, delivery.attempts, exc, result, status_code=exc.code
            )
            continue
        if WEBHOOKS.stamp_sent(delivery_id, token, now_utc(), status_code=code):
            result.sent += 1
        else:  # the lease expired and the sweeper gave the row away: keep the record
            result.lost_claims += 1
            log.warning("webhook delivery %s was sent but its claim had expired", delivery_id)


def deliver(*, batch: int | None = None, max_batches: int = 100, lease=None) -> outbox.Result:
    """Send what is due, batch after batch, until nothing is left (or max_batches)."""
    return outbox.drain(
        WEBHOOKS,
        send_claimed,
        batch=batch or conf.batch_size(),
        lease=lease,
        max_batches=max_batches,
    )


def sweep(*, now=None) -> int:
    return WEBHOOKS.sweep(now=now)
