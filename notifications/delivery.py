"""Delivery: claim pending alerts in the database, send outside any transaction, stamp the result.

- claim: one short transaction, ``SELECT ... FOR UPDATE SKIP LOCKED`` on the head of the pending
  index, then mark the rows ``sending`` with this worker's claim token and a lease;
- send: one SMTP connection per batch, no transaction open; every message is stamped right after
  the server accepted it (conditional on our claim), so a crash loses at most the one message in
  flight, and that one is re-sent (stable Message-ID) rather than lost;
- transient errors (server down, 4xx) retry with exponential backoff; permanent ones (5xx, no
  address) and exhausted retries end in ``failed``, which the admin list and the digest show;
- the sweeper frees claims whose lease expired (the worker died); a live worker renews its lease.
"""

import contextlib
import logging
import secrets
import smtplib
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F

from core.clock import now_utc
from deadlines.models import LIVE

from . import conf
from .emails import ALERT_RELATED, build_message
from .models import Alert, AlertState

log = logging.getLogger(__name__)


class PermanentError(Exception):
    pass


@dataclass
class DeliveryResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    lost_claims: int = 0
    errors: list[str] = field(default_factory=list)


def claim(*, now, batch: int, lease) -> tuple[str, list[int]]:
    """Claim up to `batch` due alerts for this worker; returns (claim token, alert ids)."""
    token = secrets.token_hex(16)
    with transaction.atomic():
        ids = list(
            Alert.objects.filter(state=AlertState.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            return token, []
        # Conditional on still pending: on SQLite (no row locks) a racing claimer gets nothing.
        Alert.objects.filter(pk__in=ids, state=AlertState.PENDING).update(
            state=AlertState.SENDING,
            claim=token,
            lease_until=now + lease,
            attempts=F("attempts") + 1,
        )
    claimed = list(
        Alert.objects.filter(claim=token, state=AlertState.SENDING)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)
    )
    return token, claimed


def _mine(alert_id: int, token: str):
    return Alert.objects.filter(pk=alert_id, claim=token, state=AlertState.SENDING)


_STAMP_SENT_SQL = (
    "UPDATE notifications_alert SET state = %s, sent_at = %s, lease_until = NULL, "
    "last_error = '' WHERE id = %s AND claim = %s AND state = %s"
)


def _stamp_sent(alert_id, token, now) -> bool:
    """One statement per sent message, so written once rather than compiled by the ORM each time.

    The same condition as `_mine`: a claim the sweeper gave away is not stamped.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _STAMP_SENT_SQL,
            [
                AlertState.SENT.value,
                connection.ops.adapt_datetimefield_value(now),
                alert_id,
                token,
                AlertState.SENDING.value,
            ],
        )
        return cursor.rowcount == 1


def _stamp_failed(alert_id, token, now, error: str) -> bool:
    return bool(
        _mine(alert_id, token).update(
            state=AlertState.FAILED, lease_until=None, last_error=error[:2000], updated_at=now
        )
    )


def _stamp_retry(alert_id, token, now, attempts: int, error: str, *, tried=True) -> str:
    """Back to pending with backoff, or failed when the attempts are used up."""
    if tried and attempts >= conf.max_attempts():
        _stamp_failed(alert_id, token, now, f"gave up after {attempts} attempts: {error}")
        return AlertState.FAILED
    delay = min(conf.retry_base() * (2 ** max(0, attempts - 1)), conf.RETRY_CAP)
    _mine(alert_id, token).update(
        state=AlertState.PENDING,
        claim="",
        lease_until=None,
        next_attempt_at=now + delay,
        last_error=error[:2000],
        attempts=F("attempts") if tried else F("attempts") - 1,
    )
    return AlertState.PENDING


def classify(exc: Exception) -> type[Exception]:
    """PermanentError for what a retry cannot fix; the exception's own type otherwise."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return PermanentError if codes and all(c >= 500 for c in codes) else type(exc)
    if isinstance(exc, smtplib.SMTPResponseException):
        return PermanentError if exc.smtp_code >= 500 else type(exc)
    if isinstance(exc, PermanentError):
        return PermanentError
    return type(exc)


def _connection_level(exc: Exception) -> bool:
    return isinstance(exc, OSError | smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError)


def _renew(token: str, lease) -> None:
    Alert.objects.filter(claim=token, state=AlertState.SENDING).update(
        lease_until=now_utc() + lease
    )


def send_claimed(token: str, ids: list[int], *, lease, result: DeliveryResult) -> None:
    """Send the claimed alerts. No transaction is open here: each stamp commits on its own."""
    alerts = {
        a.pk: a
        for a in Alert.objects.filter(pk__in=ids, claim=token).select_related(*ALERT_RELATED)
    }
    connection = get_connection(timeout=conf.smtp_timeout())
    opened = False
    renewed_at = now_utc()
    try:
        for position, alert_id in enumerate(ids):
            alert = alerts.get(alert_id)
            if alert is None:
                continue
            now = now_utc()
            if now - renewed_at > lease / 3:
                _renew(token, lease)
                renewed_at = now
            if alert.deadline_id is not None and alert.deadline.status not in LIVE:
                _mine(alert_id, token).update(
                    state=AlertState.CANCELLED,
                    lease_until=None,
                    last_error=f"deadline {alert.deadline.status} before sending",
                )
                result.cancelled += 1
                continue
            try:
                if not alert.recipient.email:
                    raise PermanentError("the recipient has no email address")
                message = build_message(alert, now, connection=connection)
                if not opened:  # one SMTP session for the whole batch
                    connection.open()
                    opened = True
                if message.send() != 1:
                    raise PermanentError("the email backend did not accept the message")
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
                result.errors.append(f"alert {alert_id}: {error}")
                if classify(exc) is PermanentError:
                    _stamp_failed(alert_id, token, now_utc(), error)
                    result.failed += 1
                    continue
                state = _stamp_retry(alert_id, token, now_utc(), alert.attempts, error)
                result.retried += state == AlertState.PENDING
                result.failed += state == AlertState.FAILED
                if _connection_level(exc):
                    # The server is unreachable: give the rest back untried, same backoff.
                    for rest in ids[position + 1 :]:
                        if rest in alerts:
                            _stamp_retry(
                                rest, token, now_utc(), alerts[rest].attempts, error, tried=False
                            )
                            result.retried += 1
                    return
                continue
            if _stamp_sent(alert_id, token, now_utc()):
                result.sent += 1
            else:  # the lease expired and the sweeper gave the row away: keep the record
                result.lost_claims += 1
                log.warning("alert %s was sent but its claim had expired", alert_id)
    finally:
        try:
            connection.close()
        except Exception:  # closing a dead connection must not hide the real outcome
            log.debug("closing the email connection failed", exc_info=True)


def deliver(*, batch: int | None = None, max_batches: int = 100, lease=None) -> DeliveryResult:
    """Send what is due, batch after batch, until nothing is left (or max_batches)."""
    batch = batch or conf.batch_size()
    lease = lease or conf.lease()
    result = DeliveryResult()
    with _async_commit():
        for _ in range(max_batches):
            token, ids = claim(now=now_utc(), batch=batch, lease=lease)
            if not ids:
                break
            send_claimed(token, ids, lease=lease, result=result)
    return result


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
    now = now or now_utc()
    return Alert.objects.filter(state=AlertState.SENDING, lease_until__lt=now).update(
        state=AlertState.PENDING,
        claim="",
        lease_until=None,
        next_attempt_at=now,
        last_error="claim expired: the worker stopped while sending",
    )
