"""Delivery of alerts and digests: the `Alert` table is an outbox of `core.outbox`.

- claim: pending alerts whose time has come, skip-locked, with a lease (core.outbox);
- send: one SMTP session per batch (`transports.EmailTransport`), no transaction open; every
  message is stamped right after the server accepted it (conditional on our claim), so a crash
  loses at most the one message in flight, and that one is re-sent (stable Message-ID) rather
  than lost;
- transient errors (server down, 4xx) retry with exponential backoff; permanent ones (5xx, no
  address) and exhausted retries end in ``failed``, which the admin list, the dashboard and
  the digest show with the last error;
- the sweeper (core.outbox.sweep_all, on beat) frees claims whose lease expired (the worker
  died); a live worker renews its lease.
"""

import contextlib
import logging

from django.db import connection

from core import outbox
from core.clock import now_utc
from deadlines.models import LIVE

from . import conf
from .emails import ALERT_RELATED, build_message
from .models import Alert, AlertState
from .transports import EmailTransport, classify

log = logging.getLogger(__name__)

DeliveryResult = outbox.Result


def _retry() -> outbox.Retry:
    return outbox.Retry(
        base=conf.retry_base(),
        cap=conf.RETRY_CAP,
        max_attempts=conf.max_attempts(),
        keep_trying_for=conf.keep_trying_for(),
    )


ALERTS = outbox.Outbox(
    name="alerts",
    model=Alert,
    drain_task="notifications.tasks.deliver_alerts",
    lease=conf.lease,
    retry=_retry,
)


def claim(*, now, batch: int, lease) -> tuple[str, list[int]]:
    """Claim up to `batch` due alerts for this worker; returns (claim token, alert ids)."""
    return ALERTS.claim(now=now, batch=batch, lease=lease)


def _stamp_sent(alert_id: int, token: str, now) -> bool:
    """Stamp one alert sent (the simulation's "worker killed" fault patches this one step)."""
    return ALERTS.stamp_sent(alert_id, token, now)


def send_claimed(token: str, ids: list[int], lease, result: outbox.Result) -> None:
    """Send the claimed alerts. No transaction is open here: each stamp commits on its own."""
    alerts = {
        a.pk: a
        for a in Alert.objects.filter(pk__in=ids, claim=token).select_related(*ALERT_RELATED)
    }
    transport = EmailTransport(timeout=conf.smtp_timeout())
    renewed_at = now_utc()
    try:
        for position, alert_id in enumerate(ids):
            alert = alerts.get(alert_id)
            if alert is None:
                continue
            now = now_utc()
            if now - renewed_at > lease / 3:
                ALERTS.renew(token, lease)
                renewed_at = now
            if alert.deadline_id is not None and alert.deadline.status not in LIVE:
                ALERTS.stamp_final(
                    alert_id,
                    token,
                    AlertState.CANCELLED,
                    f"deadline {alert.deadline.status} before sending",
                )
                result.cancelled += 1
                continue
            try:
                if not alert.recipient.email:
                    raise outbox.TransportError(
                        "the recipient has no email address", permanent=True
                    )
                transport.send(build_message(alert, now, connection=transport.connection))
            except Exception as exc:  # a message that cannot be built is retried, then failed
                failure = classify(exc)
                ALERTS.record_failure(alert_id, token, alert.attempts, failure, result)
                if failure.unreachable:
                    # The server is unreachable: give the rest back untried, same backoff.
                    rest = [(pk, alerts[pk].attempts) for pk in ids[position + 1 :] if pk in alerts]
                    ALERTS.give_back(rest, token, failure.message, result)
                    return
                continue
            if _stamp_sent(alert_id, token, now_utc()):
                result.sent += 1
            else:  # the lease expired and the sweeper gave the row away: keep the record
                result.lost_claims += 1
                log.warning("alert %s was sent but its claim had expired", alert_id)
    finally:
        transport.close()


def deliver(*, batch: int | None = None, max_batches: int = 100, lease=None) -> outbox.Result:
    """Send what is due, batch after batch, until nothing is left (or max_batches)."""
    with _async_commit():
        return outbox.drain(
            ALERTS,
            send_claimed,
            batch=batch or conf.batch_size(),
            lease=lease,
            max_batches=max_batches,
        )


@contextlib.contextmanager
def _async_commit():
    """PostgreSQL: stamps commit without waiting for the WAL flush (synchronous_commit=off).

    A worker crash loses nothing (the server has the commit); only a crash of the database
    server itself could lose the last few stamps, and those alerts would be sent again rather
    than lost. It roughly doubles delivery throughput (one fsync per message otherwise).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("RESET synchronous_commit")


def sweep(*, now=None) -> int:
    """Free the claims of dead workers (lease expired); the alerts go back to pending."""
    return ALERTS.sweep(now=now)
