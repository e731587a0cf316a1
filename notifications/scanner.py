"""The scan: read the head of the next_alert_at index, create alerts once, advance the pointer.

Beat triggers `scan()` every minute. Each batch is one short transaction:

1. select the due head of the partial index (``next_alert_at <= now`` ordered by it, limit batch,
   ``FOR UPDATE SKIP LOCKED`` so that overlapping scans take disjoint rows);
2. work out each deadline's current stage (the most urgent one that has fired: after downtime the
   stale stages are skipped) and its recipients, and bulk-insert the alerts with conflicts
   ignored: the unique key (deadline, stage, recipient) makes re-runs add nothing;
3. advance next_alert_at to the next stage with one conditional UPDATE (only rows still due).

A deadline that cannot be planned (bad data) is logged and looked at again an hour later, so one
bad row cannot crash-loop the scanner.
"""

import datetime as dt
import logging
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, Value, When

from accounts.models import Role
from calendars.selectors import workday_calendar
from core.bulk import insert_ignoring_conflicts, update_column_by_id
from core.clock import now_utc
from deadlines.models import LIVE, Deadline
from deadlines.rules import CRITICAL_RULES

from . import policy as pure
from .models import Alert, AlertKind, AlertState
from .selectors import muted_stages_of, policies_for, user_ids_by_role, user_ids_with_roles

log = logging.getLogger(__name__)

RETRY_BAD_ROW = dt.timedelta(hours=1)
SCAN_FIELDS = (
    "id",
    "organisation_id",
    "rule",
    "due_date",
    "created_at",
    "next_alert_at",
    "responsible_id",
    "status",
)


@dataclass
class ScanResult:
    deadlines: int = 0
    alerts: int = 0  # rows offered to the outbox (conflicts are ignored, so maybe fewer new)
    escalations: int = 0
    errors: list[str] = field(default_factory=list)


def recipients_for(
    *, responsible_id, managers, muted, stage: pure.Stage, critical: bool, counsel=()
):
    """The responsible person and the managers, minus those who muted this (non-critical) stage.

    Nobody responsible (a customs notice entered without one, say): every counsel takes that
    place from the first alert on, since managers alone cannot act on a legal date.
    """
    ids = []
    first = [responsible_id] if responsible_id is not None else list(counsel)
    for uid in [*first, *managers]:
        if uid is None or uid in ids:
            continue
        if not critical and _muted(muted.get(uid, ()), stage):
            continue
        ids.append(uid)
    return ids


def _muted(muted_stages, stage: pure.Stage) -> bool:
    return stage.key in muted_stages or (stage.kind == pure.OVERDUE and "overdue" in muted_stages)


DueRow = namedtuple("DueRow", SCAN_FIELDS)


def _due_head(now, batch) -> list[DueRow]:
    """Plain tuples, not model instances: the scan reads eight columns of up to `batch` rows."""
    qs = (
        Deadline.objects.filter(status__in=LIVE, next_alert_at__lte=now)
        .order_by("next_alert_at")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list(*SCAN_FIELDS)
    )
    return [DueRow(*values) for values in qs[:batch]]


def _scan_batch(*, now, batch, calendar, result: ScanResult) -> int:
    with transaction.atomic():
        rows = _due_head(now, batch)
        if not rows:
            return 0
        org_ids = {r.organisation_id for r in rows}
        policies = policies_for(org_ids)
        people = user_ids_by_role(org_ids, [Role.MANAGER, Role.COUNSEL])
        candidates = {r.responsible_id for r in rows} | {
            u for roles in people.values() for ids in roles.values() for u in ids
        }
        muted = muted_stages_of(candidates - {None})
        alerts: list[dict] = []
        advance: dict = defaultdict(list)  # new next_alert_at -> deadline ids
        for row in rows:
            policy = policies[row.organisation_id]
            try:
                all_stages = pure.stages(
                    due_date=row.due_date,
                    rule_id=row.rule,
                    policy=policy,
                    entered_at=row.created_at,
                    calendar=calendar,
                )
            except Exception as exc:  # one bad row must not stop the scan
                log.exception("cannot plan alerts for deadline %s", row.id)
                result.errors.append(f"deadline {row.id}: {exc}")
                advance[now + RETRY_BAD_ROW].append(row.id)
                continue
            stage = pure.current_stage(all_stages, now)
            upcoming = pure.next_stage(all_stages, now)
            advance[upcoming.at if upcoming else None].append(row.id)
            if stage is None:
                continue
            critical = row.rule in CRITICAL_RULES
            escalate_at = now + policy.escalation_delay(row.rule) if critical else None
            for uid in recipients_for(
                responsible_id=row.responsible_id,
                managers=people[row.organisation_id][Role.MANAGER],
                counsel=people[row.organisation_id][Role.COUNSEL],
                muted=muted,
                stage=stage,
                critical=critical,
            ):
                alerts.append(
                    {
                        "organisation_id": row.organisation_id,
                        "deadline_id": row.id,
                        "recipient_id": uid,
                        "kind": AlertKind.REMINDER.value,
                        "stage": stage.key,
                        "critical": critical,
                        "state": AlertState.PENDING.value,
                        "next_attempt_at": now,
                        "escalate_at": escalate_at,
                    }
                )
        insert_ignoring_conflicts(Alert, alerts, now=now)
        _advance(advance, now)
        result.deadlines += len(rows)
        result.alerts += len(alerts)
        return len(rows)


def _advance(advance: dict, now) -> None:
    """One conditional UPDATE: only rows still due are moved (a concurrent scan cannot regress)."""
    if connection.vendor == "postgresql":
        by_id = {pk: at for at, pks in advance.items() for pk in pks}
        update_column_by_id(
            Deadline, "next_alert_at", by_id, where_sql="t.next_alert_at <= %b", where_params=[now]
        )
        return
    ids = [pk for pks in advance.values() for pk in pks]
    whens = [When(pk__in=pks, then=Value(at)) for at, pks in advance.items()]
    Deadline.objects.filter(pk__in=ids, next_alert_at__lte=now).update(
        next_alert_at=Case(*whens, default=Value(None), output_field=DateTimeField())
    )


def _escalate(*, now, batch, result: ScanResult) -> None:
    """Critical alerts nobody acknowledged in time: tell the managers and counsel, once."""
    with transaction.atomic():
        due = list(
            Alert.objects.filter(escalate_at__lte=now)
            .order_by("escalate_at")
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("deadline")
            .only(
                "id",
                "organisation_id",
                "deadline_id",
                "stage",
                "deadline__status",
                "escalate_at",
                "acknowledged_at",
            )[:batch]
        )
        if not due:
            return
        org_ids = {a.organisation_id for a in due}
        people = user_ids_with_roles(org_ids, [Role.MANAGER, Role.COUNSEL])
        seen, new = set(), []
        for alert in due:
            key = (alert.deadline_id, alert.stage)
            if key in seen or alert.deadline.status not in LIVE or alert.acknowledged_at:
                continue
            seen.add(key)
            for uid in people[alert.organisation_id]:
                new.append(
                    Alert(
                        organisation_id=alert.organisation_id,
                        deadline_id=alert.deadline_id,
                        recipient_id=uid,
                        kind=AlertKind.ESCALATION,
                        stage=f"esc:{alert.stage}",
                        critical=True,
                        state=AlertState.PENDING,
                        next_attempt_at=now,
                    )
                )
        Alert.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
        # These alerts are done waiting (conditional: an acknowledgement may have cleared them).
        Alert.objects.filter(pk__in=[a.pk for a in due], escalate_at__isnull=False).update(
            escalate_at=None
        )
        result.escalations += len(new)


def scan(*, now=None, batch: int = 500, max_batches: int = 1000, calendar=None) -> ScanResult:
    """One scan: due deadlines -> alerts (exactly once), then escalations."""
    now = now or now_utc()
    calendar = calendar or workday_calendar()
    result = ScanResult()
    for _ in range(max_batches):
        if _scan_batch(now=now, batch=batch, calendar=calendar, result=result) < batch:
            break
    _escalate(now=now, batch=batch * 4, result=result)
    return result
