"""What the year must show, checked against the mail the SMTP server received.

The source of truth is the received messages (parsed: Message-ID -> outbox row, envelope
recipient, subject, plain-text body, the simulated moment of arrival). What was due is worked
out independently of the scanner's bookkeeping: each deadline's life is read back from its audit
history (django-simple-history: status, due date and responsible person over time), and the
pure reminder policy (`notifications.policy`) says which stage is current at each hour the scan
ran. So a stage the scanner's `next_alert_at` pointer skipped, an alert that never left the
outbox, or one that went twice shows up here.
"""

import bisect
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from accounts.models import Role
from calendars.selectors import workday_calendar
from deadlines.models import LIVE, DateMove, Deadline, DeadlineStatus
from deadlines.rules import MILESTONE_RULES
from notifications import policy as pure
from notifications.models import Alert, AlertKind, AlertState
from notifications.selectors import policies_for, user_ids_by_role

CJK = re.compile(r"[\u4e00-\u9fff]")
DELETED = "-"


@dataclass
class Violation:
    check: str
    deadline_id: int | None
    stage: str
    reason: str

    def __str__(self):
        return f"[{self.check}] deadline {self.deadline_id} stage {self.stage}: {self.reason}"


@dataclass
class Check:
    name: str
    checked: int = 0
    violations: list = field(default_factory=list)

    def fail(self, deadline_id, stage, reason) -> None:
        self.violations.append(Violation(self.name, deadline_id, stage, reason))


@dataclass
class Segment:
    """A stretch of a deadline's life with the same status, due date and responsible person."""

    start: dt.datetime
    end: dt.datetime
    status: str
    due_date: dt.date
    responsible_id: int | None


@dataclass
class Life:
    id: int
    organisation_id: int
    rule: str
    created_at: dt.datetime
    segments: list

    def live_at(self, moment) -> Segment | None:
        for seg in self.segments:
            if seg.start <= moment < seg.end:
                return seg if seg.status in LIVE else None
        return None

    def ever(self, status) -> bool:
        return any(s.status == status for s in self.segments)


def lives(end: dt.datetime) -> dict[int, Life]:
    """Every deadline's life, from its history rows."""
    rows = Deadline.history.order_by("id", "history_date", "history_id").values_list(
        "id",
        "history_date",
        "history_type",
        "status",
        "due_date",
        "responsible_id",
        "rule",
        "created_at",
        "organisation_id",
    )
    out: dict[int, Life] = {}
    for pk, when, kind, status, due, responsible, rule, created, org in rows:
        life = out.get(pk)
        if life is None:
            life = out[pk] = Life(pk, org, rule, created, [])
        if life.segments:
            life.segments[-1].end = when
        if kind == DELETED:
            continue
        life.segments.append(Segment(when, end, status, due, responsible))
    return out


def first_tick(ticks: list, moment, *, after=False) -> dt.datetime | None:
    """The first scan at or after `moment` (strictly after, for something a person did at
    `moment`: what happens at a tick's exact moment happens after that tick's scan)."""
    i = (bisect.bisect_right if after else bisect.bisect_left)(ticks, moment)
    return ticks[i] if i < len(ticks) else None


def overlap(faults, start, end) -> dt.timedelta:
    total = dt.timedelta(0)
    for f in faults:
        lo, hi = max(start, f.start), min(end, f.end)
        if hi > lo:
            total += hi - lo
    return total


@dataclass
class Report:
    checks: list
    figures: dict
    duplicates: list
    violations: list


def verify(year) -> Report:
    ticks = sorted(year.stats.ticks)
    end = year.end + dt.timedelta(hours=1)
    all_lives = lives(end)
    calendar = workday_calendar()
    org_ids = [o.organisation.pk for o in year.orgs]
    policies = policies_for(org_ids)
    people = user_ids_by_role(org_ids, [Role.MANAGER, Role.COUNSEL])
    users = {u.pk: u for u in get_user_model().objects.select_related("notification_preference")}
    org_tags = {o.organisation.pk: o.tag for o in year.orgs}
    faults = year.faults

    # Received mail, grouped.
    reminders = defaultdict(list)  # (deadline, stage, recipient) -> [Delivered]
    escalations = defaultdict(list)
    moves_mail = defaultdict(list)  # (recipient, stage) -> [Delivered]
    unresolved = []
    for item in year.delivered:
        if item.kind == AlertKind.REMINDER:
            reminders[(item.deadline_id, item.stage, item.recipient_id)].append(item)
        elif item.kind == AlertKind.ESCALATION:
            escalations[(item.deadline_id, item.stage, item.recipient_id)].append(item)
        elif item.kind == AlertKind.CALENDAR_MOVES:
            moves_mail[(item.recipient_id, item.stage)].append(item)
        elif not item.kind:
            unresolved.append(item)

    alert_rows = {
        (a.deadline_id, a.stage, a.recipient_id): a
        for a in Alert.objects.exclude(deadline=None).only(
            "deadline_id", "stage", "recipient_id", "state", "last_error", "attempts"
        )
    }

    # 1. Every stage due while open, exactly once, to the right people, in their language,
    #    naming its matter.
    ladder = Check("ladder stages, once each, right people, language, matter")
    lateness = Check("no alert later than scan interval + fault")
    expected: dict = {}  # (deadline, stage, recipient) -> meant moment
    for life in all_lives.values():
        policy = policies.get(life.organisation_id, pure.DEFAULT_POLICY)
        for seg in life.segments:
            if seg.status not in LIVE:
                continue
            plan = pure.stages(
                due_date=seg.due_date,
                rule_id=life.rule,
                policy=policy,
                entered_at=life.created_at,
                calendar=calendar,
            )
            # The segment starts and ends with something done (entered, changed, closed), so
            # the scan at its first moment has not seen it and the scan at its last one has.
            moments = [(seg.start, True)]
            moments += [(s.at, False) for s in plan if seg.start < s.at <= seg.end]
            for m, done_then in moments:
                tick = first_tick(ticks, m, after=done_then)
                if tick is None or tick > seg.end:
                    continue
                stage = pure.current_stage(plan, tick)
                if stage is None:
                    continue
                first = (
                    [seg.responsible_id]
                    if seg.responsible_id
                    else people[life.organisation_id][Role.COUNSEL]
                )
                for uid in dict.fromkeys([*first, *people[life.organisation_id][Role.MANAGER]]):
                    key = (life.id, stage.key, uid)
                    meant = max(stage.at, seg.start)
                    if key not in expected or meant < expected[key]:
                        expected[key] = meant
    duplicates = []
    lost = cancelled = late = 0
    worst = dt.timedelta(0)
    for key, meant in expected.items():
        ladder.checked += 1
        got = reminders.get(key)
        if not got:
            row = alert_rows.get(key)
            if row is not None and row.state == AlertState.CANCELLED:
                cancelled += 1
                continue
            lost += 1
            state = (
                f"outbox row {row.state}, {row.attempts} attempts, {row.last_error[:80]!r}"
                if row is not None
                else "no outbox row"
            )
            ladder.fail(key[0], key[1], f"never received by user {key[2]} ({state})")
            continue
        ids = {g.received.message_id for g in got}
        if len(got) > 1:
            duplicates.append((key, len(got), len(ids)))
            if len(ids) > 1:
                ladder.fail(key[0], key[1], f"received {len(got)} times with different IDs")
        first = min(got, key=lambda g: g.received.at)
        check_message(ladder, first, users)
        delay = first.received.at - meant
        worst = max(worst, delay)
        if delay > pure.ONE_DAY / 24:
            late += 1
        allowed = year_scan_interval() + overlap(faults, meant, first.received.at)
        lateness.checked += 1
        if delay > allowed:
            lateness.fail(
                key[0],
                key[1],
                f"arrived {first.received.at:%Y-%m-%d %H:%M}Z, meant for {meant:%Y-%m-%d %H:%M}Z "
                f"({delay} late, allowed {allowed})",
            )
    for key in reminders:
        if key not in expected:
            ladder.fail(key[0], key[1], f"received by user {key[2]} but not due (closed?)")

    # 2. Customs notices reached counsel within one scan interval of their entry.
    notices = Check("customs notice reached counsel within one scan interval")
    for life in all_lives.values():
        if life.rule != pure.NOTICE_RULE:
            continue
        notices.checked += 1
        seg = life.segments[0] if life.segments else None
        counsel = (
            [seg.responsible_id]
            if seg and seg.responsible_id
            else people[life.organisation_id][Role.COUNSEL]
        )
        arrivals = [
            g.received.at
            for (d, _s, uid), got in reminders.items()
            if d == life.id and uid in counsel
            for g in got
        ]
        entered = life.created_at
        allowed = year_scan_interval() + overlap(faults, entered, entered + dt.timedelta(days=2))
        if not arrivals:
            rows = [r for k, r in alert_rows.items() if k[0] == life.id and k[2] in counsel]
            if rows and all(r.state == AlertState.CANCELLED for r in rows):
                continue  # answered before the mail server took mail again: nothing to tell
            notices.fail(life.id, "notice", "no alert reached counsel")
        elif min(arrivals) - entered > allowed:
            notices.fail(
                life.id, "notice", f"reached counsel {min(arrivals) - entered} after entry"
            )

    # 3. Every date the calendar moved was told to its responsible person (and the managers).
    moves = Check("calendar moves told to the responsible person and managers")
    for move in DateMove.objects.select_related("deadline"):
        stage = f"moves:{move.change_key}"
        path = move.deadline.get_absolute_url()
        for uid in dict.fromkeys(
            [move.responsible_id, *people[move.organisation_id][Role.MANAGER]]
        ):
            if uid is None:
                continue
            moves.checked += 1
            got = moves_mail.get((uid, stage), [])
            if not any(path in g.received.text for g in got):
                moves.fail(move.deadline_id, stage, f"user {uid} was not told of the move")

    # 4. Missed deadlines reported as missed (overdue alerts to the responsible and managers)
    #    and escalated (critical and unacknowledged: managers and counsel).
    missed = Check("missed deadlines reported and escalated")
    missed_count = 0
    for life in all_lives.values():
        if life.rule in MILESTONE_RULES or not life.ever(DeadlineStatus.MISSED):
            continue
        missed_count += 1
        missed.checked += 1
        overdue = [k for k in expected if k[0] == life.id and k[1].startswith("overdue-")]
        if not overdue:
            continue  # closed before its first overdue morning
        for key in overdue:
            if key not in reminders:
                missed.fail(life.id, key[1], f"overdue alert not sent to user {key[2]}")
    esc = Check("critical alerts not acknowledged in time escalated")
    stage_groups = defaultdict(list)
    for a in Alert.objects.filter(kind=AlertKind.REMINDER, critical=True).select_related(
        "deadline"
    ):
        stage_groups[(a.deadline_id, a.stage)].append(a)
    for (deadline_id, stage), group in stage_groups.items():
        life = all_lives.get(deadline_id)
        if life is None:
            continue
        policy = policies.get(life.organisation_id, pure.DEFAULT_POLICY)
        escalate_at = min(a.created_at for a in group) + policy.escalation_delay(life.rule)
        tick = first_tick(ticks, escalate_at)
        if tick is None or life.live_at(tick) is None:
            continue
        if any(a.acknowledged_at and a.acknowledged_at < tick for a in group):
            continue
        for uid in dict.fromkeys(
            people[life.organisation_id][Role.MANAGER] + people[life.organisation_id][Role.COUNSEL]
        ):
            esc.checked += 1
            if escalations.get((deadline_id, f"esc:{stage}", uid)):
                continue
            row = alert_rows.get((deadline_id, f"esc:{stage}", uid))
            if row is None or row.state != AlertState.CANCELLED:  # cancelled: closed meanwhile
                esc.fail(deadline_id, stage, f"no escalation reached user {uid}")

    # 5. No organisation received another's matter.
    isolation = Check("no organisation received another's matter")
    for item in year.delivered:
        isolation.checked += 1
        if item.organisation_id is None:
            isolation.fail(
                None,
                item.received.stage,
                f"message {item.received.message_id} matches no outbox row",
            )
            continue
        if item.recipient_org != item.organisation_id:
            isolation.fail(item.deadline_id, item.stage, "recipient is in another organisation")
        own = org_tags.get(item.organisation_id)
        for org_id, tag in org_tags.items():
            if org_id != item.organisation_id and tag in item.received.text + item.received.subject:
                isolation.fail(item.deadline_id, item.stage, f"names {tag}'s matter (own {own})")

    checks = [ladder, lateness, notices, moves, missed, esc, isolation]
    message_ids = {i.received.message_id for i in year.delivered}
    figures = {
        "deadlines": len(all_lives),
        "deadlines missed": missed_count,
        "stages due (deadline, stage, person)": len(expected),
        "messages received": len(year.delivered),
        "distinct messages (Message-ID)": len(message_ids),
        "reminders": sum(len(v) for v in reminders.values()),
        "escalations": sum(len(v) for v in escalations.values()),
        "calendar-move messages": sum(len(v) for v in moves_mail.values()),
        "digests": sum(1 for i in year.delivered if i.kind == AlertKind.DIGEST),
        "alerts later than one scan interval": late,
        "worst lateness": str(worst),
        "duplicates (same Message-ID, re-sent after a crash)": sum(
            n - 1 for _k, n, ids in duplicates if ids == 1
        ),
        "duplicates (distinct messages)": sum(n - ids for _k, n, ids in duplicates if ids > 1),
        "lost": lost,
        "cancelled (closed before delivery)": cancelled,
        "date moves (2027 calendar)": DateMove.objects.count(),
        "hours with a scan": len(ticks),
    }
    violations = [v for c in checks for v in c.violations]
    return Report(checks, figures, duplicates, violations)


def year_scan_interval() -> dt.timedelta:
    return dt.timedelta(hours=1)


def check_message(check: Check, item, users) -> None:
    """In the recipient's language, naming its matter (title and link)."""
    user = users.get(item.recipient_id)
    language = getattr(getattr(user, "notification_preference", None), "language", "en")
    subject = item.received.subject
    if language == "zh-hans" and not CJK.search(subject):
        check.fail(
            item.deadline_id,
            item.stage,
            f"user {item.recipient_id} reads Chinese: subject {subject!r}",
        )
    if language == "en" and CJK.search(subject):
        check.fail(
            item.deadline_id,
            item.stage,
            f"user {item.recipient_id} reads English: subject {subject!r}",
        )
    text = item.received.text
    if item.matter_title and item.matter_title not in text:
        check.fail(item.deadline_id, item.stage, f"does not name its matter {item.matter_title!r}")
    if item.matter_path and item.matter_path not in text:
        check.fail(item.deadline_id, item.stage, f"does not link its matter {item.matter_path}")


def table(report: Report) -> str:
    width = max(len(c.name) for c in report.checks)
    lines = [f"{'check'.ljust(width)}  {'checked':>8}  {'violations':>10}  result"]
    for c in report.checks:
        verdict = "ok" if not c.violations else "FAIL"
        lines.append(f"{c.name.ljust(width)}  {c.checked:>8}  {len(c.violations):>10}  {verdict}")
    lines.append("")
    fw = max(len(k) for k in report.figures)
    lines += [f"{k.ljust(fw)}  {v}" for k, v in report.figures.items()]
    if report.violations:
        lines.append("")
        lines.append(f"{len(report.violations)} violations (the first 10 of each check):")
        for c in report.checks:
            lines += [f"  {v}" for v in c.violations[:10]]
    return "\n".join(lines)
