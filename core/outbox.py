"""One outbox for everything that leaves the system: email alerts, digests, webhook deliveries.

A row is written with (or right after the commit of) the fact it reports, in the database, so
a broker outage loses nothing. Sending happens later, in a worker, outside any transaction:

- claim: one short transaction, ``SELECT ... FOR UPDATE SKIP LOCKED`` on the head of the due
  rows (PostgreSQL; SQLite has no row locks, so there the conditional update alone decides and
  one process at a time is assumed), then the rows become ``sending`` with the worker's claim
  token and a lease, and their attempt counter goes up;
- send: through a transport that raises `TransportError`, telling a permanent failure (a retry
  cannot help: SMTP 5xx, HTTP 4xx) from a transient one (server down, SMTP 4xx, HTTP 5xx);
- stamp: each outcome is written right away, conditional on still holding the claim: ``sent``;
  ``failed`` (permanent, or attempts used up) with the error kept in ``last_error``; or back to
  ``pending`` with exponential backoff in ``next_attempt_at`` and the error kept too;
- sweep: a periodic task (beat) frees the claims of dead workers (expired lease) and asks for a
  drain of every outbox that has due rows;
- `enqueue` asks a worker to drain now. It swallows broker errors (logged): the row is already
  committed and the next sweep sends it, so a broker outage never turns a committed write into
  an error.

Apps describe their outbox with `Outbox` and `register` it in their ``AppConfig.ready()``. This
module is generic: it never imports an app (core is the bottom layer).
"""

import datetime as dt
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from celery import current_app
from django.db import connection, transaction
from django.db.models import F, Model, QuerySet

from core.clock import now_utc

log = logging.getLogger(__name__)

ERROR_MAX = 2000


class TransportError(Exception):
    """A send that did not go through (the shape of healthchecks' transports).

    `permanent`: a retry cannot help (the row ends ``failed``). `unreachable`: the server could
    not be reached at all, so the rest of the batch waits untried. `code`: the server's answer
    (SMTP or HTTP status), if it gave one.
    """

    def __init__(
        self, message: str, *, permanent: bool = False, unreachable: bool = False, code=None
    ):
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.unreachable = unreachable
        self.code = code


@dataclass(frozen=True)
class Retry:
    """Exponential backoff: `base` after the first failed attempt, doubled each time, capped.

    A transient failure gives up after `max_attempts`, unless `keep_trying_for` is set and the
    row is younger than that: a mail server refusing mail for a day must not cost an alert.
    """

    base: dt.timedelta
    cap: dt.timedelta
    max_attempts: int
    keep_trying_for: dt.timedelta | None = None

    def delay(self, attempts: int) -> dt.timedelta:
        return min(self.base * (2 ** max(0, attempts - 1)), self.cap)


@dataclass
class Result:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    lost_claims: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "cancelled": self.cancelled,
        }


@dataclass(frozen=True)
class Outbox:
    """An outbox table: a model with the fields `next_attempt_at`, `lease_until`, `claim`,
    `attempts` and `last_error`, a state field and a sent-at field (names configurable)."""

    name: str
    model: type[Model]
    drain_task: str  # the Celery task that sends what is due
    lease: Callable[[], dt.timedelta]
    retry: Callable[[], Retry]
    state_field: str = "state"
    sent_at_field: str = "sent_at"
    PENDING: str = "pending"
    SENDING: str = "sending"
    SENT: str = "sent"
    FAILED: str = "failed"

    # --- reads ---------------------------------------------------------------------------------

    def _state(self, value) -> dict:
        return {self.state_field: value}

    def due(self, now) -> QuerySet:
        return self.model.objects.filter(**self._state(self.PENDING), next_attempt_at__lte=now)

    def mine(self, pk, token: str) -> QuerySet:
        return self.model.objects.filter(pk=pk, claim=token, **self._state(self.SENDING))

    # --- claim ---------------------------------------------------------------------------------

    def claim(self, *, now, batch: int, lease: dt.timedelta) -> tuple[str, list[int]]:
        """Claim up to `batch` due rows for this worker; returns (claim token, ids in order)."""
        token = secrets.token_hex(16)
        with transaction.atomic():
            ids = list(
                self.due(now)
                .order_by("next_attempt_at", "id")
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:batch]
            )
            if not ids:
                return token, []
            # Conditional on still pending: on SQLite (no row locks) a racing claimer gets none.
            self.model.objects.filter(pk__in=ids, **self._state(self.PENDING)).update(
                **self._state(self.SENDING),
                claim=token,
                lease_until=now + lease,
                attempts=F("attempts") + 1,
            )
        claimed = list(
            self.model.objects.filter(claim=token, **self._state(self.SENDING))
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)
        )
        return token, claimed

    def renew(self, token: str, lease: dt.timedelta) -> None:
        """A live worker extends its lease so the sweeper leaves its claim alone."""
        self.model.objects.filter(claim=token, **self._state(self.SENDING)).update(
            lease_until=now_utc() + lease
        )

    # --- stamps (each commits on its own; none is written once the claim was given away) ------

    def _stamp_sent_sql(self) -> str:
        meta = self.model._meta
        column = meta.get_field(self.state_field).column
        sent_at = meta.get_field(self.sent_at_field).column
        return (
            f"UPDATE {meta.db_table} SET {column} = %s, {sent_at} = %s, lease_until = NULL, "  # noqa: S608 - names from the model's own meta
            f"last_error = '' WHERE id = %s AND claim = %s AND {column} = %s"
        )

    def stamp_sent(self, pk, token: str, now, **extra) -> bool:
        """Sent. One statement per message: plain SQL (the ORM compiling it each time costs as
        much as the statement); with `extra` fields to store, through the ORM."""
        if extra:
            return bool(
                self.mine(pk, token).update(
                    **self._state(self.SENT),
                    **{self.sent_at_field: now},
                    updated_at=now,
                    lease_until=None,
                    last_error="",
                    **extra,
                )
            )
        with connection.cursor() as cursor:
            cursor.execute(
                self._stamp_sent_sql(),
                [
                    str(self.SENT),
                    connection.ops.adapt_datetimefield_value(now),
                    pk,
                    token,
                    str(self.SENDING),
                ],
            )
            return cursor.rowcount == 1

    def stamp_failed(self, pk, token: str, now, error: str, **extra) -> bool:
        return bool(
            self.mine(pk, token).update(
                **self._state(self.FAILED),
                lease_until=None,
                last_error=error[:ERROR_MAX],
                updated_at=now,
                **extra,
            )
        )

    def stamp_final(self, pk, token: str, state: str, error: str, **extra) -> bool:
        """Another end state of the app's own (not sent, no retry): e.g. cancelled, skipped."""
        return bool(
            self.mine(pk, token).update(
                **self._state(state),
                lease_until=None,
                last_error=error[:ERROR_MAX],
                updated_at=now_utc(),
                **extra,
            )
        )

    def stamp_retry(
        self, pk, token: str, now, attempts: int, error: str, *, tried: bool = True, **extra
    ) -> str:
        """Back to pending after a backoff, or failed once the attempts are used up.

        `tried=False`: the row was given back without an attempt (the server was unreachable
        for an earlier row of the batch), so its attempt does not count.
        """
        retry = self.retry()
        if tried and attempts >= retry.max_attempts and not self._young(pk, now, retry):
            self.stamp_failed(
                pk, token, now, f"gave up after {attempts} attempts: {error}", **extra
            )
            return self.FAILED
        self.mine(pk, token).update(
            **self._state(self.PENDING),
            claim="",
            lease_until=None,
            next_attempt_at=now + retry.delay(attempts),
            last_error=error[:ERROR_MAX],
            updated_at=now,
            attempts=F("attempts") if tried else F("attempts") - 1,
            **extra,
        )
        return self.PENDING

    def _young(self, pk, now, retry: Retry) -> bool:
        """Still within `keep_trying_for` of the row's creation (one read, on failures only)."""
        if retry.keep_trying_for is None:
            return False
        return self.model.objects.filter(pk=pk, created_at__gt=now - retry.keep_trying_for).exists()

    def record_failure(
        self, pk, token: str, attempts: int, exc: TransportError, result: Result, **extra
    ) -> None:
        """Stamp a transport failure: failed when permanent, otherwise a retry with backoff."""
        error = exc.message
        result.errors.append(f"{self.name} {pk}: {error}")
        if exc.permanent:
            self.stamp_failed(pk, token, now_utc(), error, **extra)
            result.failed += 1
            return
        state = self.stamp_retry(pk, token, now_utc(), attempts, error, **extra)
        result.retried += state == self.PENDING
        result.failed += state == self.FAILED

    def give_back(self, rows: list[tuple[int, int]], token: str, error: str, result: Result):
        """The server is unreachable: the rest of the batch waits untried, with the same delay."""
        for pk, attempts in rows:
            self.stamp_retry(pk, token, now_utc(), attempts, error, tried=False)
            result.retried += 1

    # --- sweep ---------------------------------------------------------------------------------

    def sweep(self, *, now=None) -> int:
        """Free the claims of dead workers (lease expired): their rows are due again now."""
        now = now or now_utc()
        return self.model.objects.filter(**self._state(self.SENDING), lease_until__lt=now).update(
            **self._state(self.PENDING),
            claim="",
            lease_until=None,
            next_attempt_at=now,
            last_error="claim expired: the worker stopped while sending",
        )

    def retry_failed(self, rows: QuerySet) -> int:
        """Failed rows go back to the outbox for another round of attempts (operator action)."""
        return rows.filter(**self._state(self.FAILED)).update(
            **self._state(self.PENDING), attempts=0, next_attempt_at=now_utc()
        )


def drain(
    box: Outbox,
    send_claimed: Callable[[str, list[int], dt.timedelta, Result], None],
    *,
    batch: int,
    lease: dt.timedelta | None = None,
    max_batches: int = 100,
) -> Result:
    """Claim and send what is due, batch after batch, until nothing is left (or max_batches)."""
    lease = lease or box.lease()
    result = Result()
    for _ in range(max_batches):
        token, ids = box.claim(now=now_utc(), batch=batch, lease=lease)
        if not ids:
            break
        send_claimed(token, ids, lease, result)
    return result


# --- the registry and the periodic sweep -------------------------------------------------------

_registry: dict[str, Outbox] = {}


def register(box: Outbox) -> None:
    """Called from an app's ``AppConfig.ready()``: the periodic sweep then covers this outbox."""
    _registry[box.name] = box


def registered() -> list[Outbox]:
    return list(_registry.values())


# After a broker error, requests stop trying for this long (the sweep sends what waits).
BROKER_PAUSE_SECONDS = 15.0
BROKER_CONNECT_TIMEOUT = 2.0
_broker_down_until = 0.0


def enqueue(task_name: str, *args) -> bool:
    """Ask a worker to run `task_name` now. A broker error is logged, never raised.

    Called after commit: the outbox rows are already written, so when the broker is down the
    periodic sweep sends them later. The request does not wait for the broker: one connection
    attempt (no retry; kombu's default retries for several seconds), and after a failure no
    attempt at all for `BROKER_PAUSE_SECONDS`. By name (`send_task`): the caller needs no import
    of the task's module.
    """
    global _broker_down_until  # one flag per process, by design
    task = current_app.tasks.get(task_name)
    if current_app.conf.task_always_eager and task is not None:
        task.apply(args)  # eager mode (the year simulation): run in-process, as .delay() would
        return True
    if time.monotonic() < _broker_down_until:
        log.info("broker paused after an error: %s waits for the outbox sweep", task_name)
        return False
    try:
        with current_app.connection_for_write(
            connect_timeout=BROKER_CONNECT_TIMEOUT, transport_options={"max_retries": 0}
        ) as conn:
            current_app.send_task(task_name, args, connection=conn, retry=False)
    except Exception:  # the broker is down or refused: the sweep will pick the rows up
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        log.warning("could not queue %s; the outbox sweep will send it", task_name, exc_info=True)
        return False
    return True


def sweep_all(*, now=None) -> dict[str, int]:
    """The periodic sweep: free expired claims, then ask for a drain of each outbox with due rows.

    Returns {outbox name: claims freed}.
    """
    now = now or now_utc()
    freed = {}
    for box in registered():
        freed[box.name] = box.sweep(now=now)
        if box.due(now).exists():
            enqueue(box.drain_task)
    return freed
