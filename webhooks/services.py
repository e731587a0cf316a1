"""Webhook endpoints, event emission (after commit) and signed delivery with a log row."""

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.selectors import can_waive
from core.clock import now_utc
from deadlines.models import Deadline, DeadlineStatus

from .models import Delivery, DeliveryStatus, Endpoint, Event
from .targets import TargetRefused, check_target

SIGNATURE_HEADER = "X-Iptracker-Signature"
TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 6
# Stored and shown in the delivery log: never the socket error, which tells what listens where.
UNREACHABLE = "The receiver could not be reached."


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not followed (it could point inside); it is logged as its status code."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


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


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


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


def events_emit(*, organisation_id: int, events: list[tuple[str, dict, str]]) -> list[int]:
    """Write one Delivery per (event, subscribed active endpoint), then queue their sending.

    `events` holds (event type, data, dedupe key or ""). Runs after the facts are committed.
    Events already delivered under their dedupe key are skipped with one read per endpoint, and
    the rest are inserted in bulk: a due-soon run re-offers the same deadlines every time.
    """
    if not events:
        return []
    ids = []
    for endpoint in Endpoint.objects.filter(organisation_id=organisation_id, active=True):
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
        from .tasks import webhook_deliver  # noqa: PLC0415 - tasks import this module (cycle)

        for delivery_id in ids:
            transaction.on_commit(lambda d=delivery_id: webhook_deliver.delay(d))
    return ids


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


def deadline_events_queue(*, organisation_id: int, created=(), updated=()) -> None:
    """Deadlines were saved (the `deadlines_changed` hook): emit their events once committed."""
    events = [(Event.DEADLINE_CREATED, deadline_payload(d), "") for d in created]
    events += [
        (
            Event.CUSTOMS_NOTICE_RECEIVED,
            {"customs_notice": d.customs_notice_id, "response_due": d.due_date, "deadline": d.pk},
            "",
        )
        for d in created
        if d.rule == "customs_notice_response"
    ]
    events += [
        (
            Event.DEADLINE_MISSED
            if d.status == "missed" and getattr(d, "_previous_status", "open") != "missed"
            else Event.DEADLINE_CHANGED,
            deadline_payload(d),
            "",
        )
        for d in updated
    ]
    if events:
        transaction.on_commit(lambda: events_emit(organisation_id=organisation_id, events=events))


def deadline_moves_queue(*, change_key: str, moves) -> None:
    """`deadline.moved` events for a calendar change's moves, once per endpoint and deadline."""
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
        transaction.on_commit(lambda o=org_id, e=events: events_emit(organisation_id=o, events=e))


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


# --- delivery ----------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    pass


def delivery_send(*, delivery_id: int) -> Delivery:
    """POST the signed body once; the log row records the outcome. Raises DeliveryFailed.

    No transaction is held across the network call.
    """
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return delivery
    endpoint = delivery.endpoint
    if not endpoint.active:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SKIPPED, last_error="Endpoint disabled.", updated_at=now_utc()
        )
        delivery.refresh_from_db()
        return delivery
    try:
        check_target(endpoint.url, resolve=True)  # again at send time: DNS may point inside
    except TargetRefused as exc:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            attempts=delivery.attempts + 1,
            last_error=str(exc),
            updated_at=now_utc(),
        )
        delivery.refresh_from_db()
        return delivery
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is an http(s) URLField
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "iptracker-webhooks/1",
            SIGNATURE_HEADER: sign(endpoint.secret, body),
            "X-Iptracker-Event": delivery.event,
            "X-Iptracker-Delivery": str(delivery.pk),
        },
    )
    status_code, error = None, ""
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status_code = response.status
    except urllib.error.HTTPError as exc:
        status_code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError):
        error = UNREACHABLE
    attempts = delivery.attempts + 1
    ok = status_code is not None and 200 <= status_code < 300
    if ok:
        new_status = DeliveryStatus.DELIVERED
    elif attempts >= MAX_ATTEMPTS:
        new_status = DeliveryStatus.FAILED
    else:
        new_status = DeliveryStatus.PENDING
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        status_code=status_code,
        last_error="" if ok else error,
        status=new_status,
        delivered_at=now_utc() if ok else None,
        updated_at=now_utc(),
    )
    delivery.refresh_from_db()
    if new_status == DeliveryStatus.PENDING:
        raise DeliveryFailed(error or f"HTTP {status_code}")
    return delivery
