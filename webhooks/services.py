"""Webhook endpoints and event emission (after commit) into the delivery outbox.

Sending is `webhooks.delivery` (core.outbox), through `webhooks.transports`."""

import datetime as dt
import json
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.selectors import can_waive
from core import outbox
from core.bulk import job_memo
from deadlines.models import Deadline, DeadlineStatus

from .delivery import WEBHOOKS
from .models import Delivery, Endpoint, Event

DELIVER = "webhooks.tasks.deliver_webhooks"


def _require_counsel(actor) -> None:
    if actor is not None and not can_waive(actor):
        raise PermissionDenied("Only counsel can manage webhooks.")


def _clean_event_types(event_types) -> list[str]:
    unknown = [e for e in event_types or [] if e not in Event.values]
    if unknown:
        raise ValidationError(
            {"event_types": _("Unknown event types: %(types)s.") % {"types": ", ".join(unknown)}}
        )
    return sorted(set(event_types or []))


@transaction.atomic
def endpoint_create(
    *, organisation, url, actor=None, event_types=(), active=True, description="", secret=None
) -> Endpoint:
    _require_counsel(actor)
    endpoint = Endpoint(
        organisation=organisation,
        url=url,
        event_types=_clean_event_types(event_types),
        active=active,
        description=description,
    )
    if secret:
        endpoint.secret = secret
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_update(*, endpoint: Endpoint, actor=None, **fields) -> Endpoint:
    _require_counsel(actor)
    if "event_types" in fields:
        fields["event_types"] = _clean_event_types(fields["event_types"])
    for name, value in fields.items():
        setattr(endpoint, name, value)
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint, actor=None) -> None:
    _require_counsel(actor)
    endpoint.delete()


def deliveries_retry(*, deliveries, actor=None) -> int:
    """Failed deliveries go back to the outbox for another round of attempts (counsel only)."""
    _require_counsel(actor)
    count = WEBHOOKS.retry_failed(deliveries)
    if count:
        outbox.enqueue(DELIVER)
    return count


# --- emission ----------------------------------------------------------------------------------


def deadline_payload(deadline) -> dict:
    return {
        "id": deadline.pk,
        "rule": deadline.rule,
        "cycle": deadline.cycle,
        "title": deadline.title,
        "due_date": deadline.due_date,
        "act_by": deadline.act_by,
        "status": deadline.status,
        "provisional": deadline.provisional,
        "explanation": deadline.explanation,
        "subject_key": deadline.subject_key,
        "right": deadline.right_id,
        "recordal": deadline.recordal_id,
        "customs_notice": deadline.customs_notice_id,
        "guarantee": deadline.guarantee_id,
    }


def events_emit(
    *, organisation_id: int, events: Sequence[tuple[str, dict, str]], endpoints=None
) -> list[int]:
    """Write one Delivery (an outbox row) per (event, subscribed active endpoint), then ask a
    worker to send them.

    `events` holds (event type, data, dedupe key or ""). Runs inside the transaction of the
    facts it reports (the hooks' receivers), so they commit together: a database that fails
    between the two can lose neither (tests/integration/test_pg_restart.py). The worker is
    asked to send once the rows are committed. `endpoints`: the organisation's active
    endpoints, when the caller has read them already.
    Events already delivered under their dedupe key are skipped with one read per endpoint, and
    the rest are inserted in bulk: a due-soon run re-offers the same deadlines every time.
    """
    if not events:
        return []
    if endpoints is None:
        endpoints = active_endpoints(organisation_id)
    ids = []
    for endpoint in endpoints:
        wanted = [e for e in events if endpoint.wants(e[0])]
        keys = {key for _, _, key in wanted if key}
        sent = (
            set(
                Delivery.objects.filter(endpoint=endpoint, dedupe_key__in=keys).values_list(
                    "event", "dedupe_key"
                )
            )
            if keys
            else set()
        )
        rows = [
            Delivery(
                endpoint=endpoint,
                event=event,
                dedupe_key=key,
                payload=json.loads(
                    json.dumps(
                        {"event": event, "organisation": organisation_id, "data": data},
                        cls=DjangoJSONEncoder,
                    )
                ),
            )
            for event, data, key in wanted
            if not key or (event, key) not in sent
        ]
        ids += _deliveries_create(rows)
    if ids:
        # Written in the outbox: a worker is asked to send now; if the broker is down, the
        # request is dropped (logged) and the outbox sweep sends the rows later.
        transaction.on_commit(lambda: outbox.enqueue(DELIVER))
    return ids


def active_endpoints(organisation_id: int) -> list[Endpoint]:
    """Read once per bulk job (an import announces its deadlines chunk after chunk)."""
    return job_memo(
        ("webhook_endpoints", organisation_id),
        lambda: list(Endpoint.objects.filter(organisation_id=organisation_id, active=True)),
    )


def _deliveries_create(rows: list[Delivery]) -> list[int]:
    """Bulk insert; if a concurrent run took a dedupe key meanwhile, fall back row by row."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            return [d.pk for d in Delivery.objects.bulk_create(rows)]
    except IntegrityError:
        created = []
        for row in rows:
            row.pk = None
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                continue  # already sent once
            created.append(row.pk)
        return created


# An import creates thousands of deadlines per chunk: their `deadline.created` payloads (each
# with its explanation) are built and written this many at a time.
CREATED_CHUNK = 2000


def deadline_events_queue(*, organisation_id: int, created=(), updated=()) -> None:
    """Deadlines were saved (the `deadlines_changed` hook): their events enter the outbox in the
    same transaction (a database write, which a broker outage does not touch). Written after
    the commit instead, a database lost between the two kept the change and dropped its
    webhooks, while the client got an error for a write that was saved.

    Only the events some active endpoint of the organisation subscribes to are built (one read
    of the endpoints); `deadline.created` ones `CREATED_CHUNK` at a time, each chunk written
    before the next is built.
    """
    if not created and not updated:
        return
    endpoints = active_endpoints(organisation_id)
    wanted = {event for event in Event.values if any(e.wants(event) for e in endpoints)}
    if not wanted:
        return
    if Event.DEADLINE_CREATED in wanted:
        for start in range(0, len(created), CREATED_CHUNK):
            events_emit(
                organisation_id=organisation_id,
                events=[
                    (Event.DEADLINE_CREATED, deadline_payload(d), "")
                    for d in created[start : start + CREATED_CHUNK]
                ],
                endpoints=endpoints,
            )
    events: list[tuple[str, dict, str]] = []
    if Event.CUSTOMS_NOTICE_RECEIVED in wanted:
        events += [
            (
                Event.CUSTOMS_NOTICE_RECEIVED,
                {
                    "customs_notice": d.customs_notice_id,
                    "response_due": d.due_date,
                    "deadline": d.pk,
                },
                "",
            )
            for d in created
            if d.rule == "customs_notice_response"
        ]
    for d in updated:
        missed = d.status == "missed" and getattr(d, "_previous_status", "open") != "missed"
        event = Event.DEADLINE_MISSED if missed else Event.DEADLINE_CHANGED
        if event in wanted:
            events.append((event, deadline_payload(d), ""))
    if events:
        events_emit(organisation_id=organisation_id, events=events, endpoints=endpoints)


def deadline_moves_queue(*, change_key: str, moves) -> None:
    """`deadline.moved` events for a calendar change's moves, once per endpoint and deadline,
    written in the calendar change's transaction."""
    by_org: dict[int, list] = {}
    for move in moves:
        data = {
            "deadline": move.deadline_id,
            "title": move.title,
            "year": move.year,
            "reason": move.reason,
            "old_due_date": move.old_due,
            "new_due_date": move.new_due,
            "old_act_by": move.old_act_by,
            "new_act_by": move.new_act_by,
            "earlier": move.earlier,
            "change": change_key,
        }
        key = f"moved:{change_key}:{move.deadline_id}"
        by_org.setdefault(move.organisation_id, []).append((Event.DEADLINE_MOVED, data, key))
    for org_id, events in by_org.items():
        events_emit(organisation_id=org_id, events=events)


def deadlines_due_soon_emit(*, today, days: int = 7) -> int:
    """Once per endpoint, deadline and due date: open deadlines due within `days`."""
    orgs = set(Endpoint.objects.filter(active=True).values_list("organisation_id", flat=True))
    count = 0
    for org_id in orgs:
        rows = Deadline.objects.filter(
            organisation_id=org_id,
            status=DeadlineStatus.OPEN,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=days),
        )
        events = [
            (Event.DEADLINE_DUE_SOON, deadline_payload(d), f"{d.pk}:{d.due_date.isoformat()}")
            for d in rows
        ]
        count += len(events_emit(organisation_id=org_id, events=events))
    return count
