"""One docketing year, hour by hour, driving the real code (issue 15).

What is real: PostgreSQL (or SQLite), every service (rights, recordals, customs notices,
platform complaints, deadline completion, acknowledgement, the calendar load), the beat's task
functions (`deadlines_mark_missed`, `scan_deadlines`, `deliver_alerts`, `sweep_leases`,
`queue_digests` with --digests) with Celery in eager mode, Django's SMTP backend talking to a real aiosmtpd
server on loopback, and time-machine moving the clock of every thread.

What is simulated: the beat itself (each simulated hour runs what beat would have sent in that
hour, once: the scan interval is one hour); the broker (down = the hour's tasks never run);
a worker killed mid-delivery (a batch is claimed and the process "dies" before the stamp, so
the lease must expire and the sweep free it); two beats (two scans and two deliveries at once
in threads, each with its own database connection); the SMTP server refusing mail (451 to every
recipient for a day).

Idle hours: unless `every_hour` is set, an hour in which nothing can be due is skipped. The
next hour run is the earliest of: a scheduled event, a fault boundary, the midnight after the
first open date (the missed pass), 08:00 China time with digests, and the heads of the indexes
the tasks read (`next_alert_at`, `next_attempt_at`, `lease_until`, `escalate_at`), rounded up
to the hour. The tasks should find nothing to do in the hours skipped; `every_hour` runs all
8,760 to compare (not yet run at a size worth quoting). Within an hour the missed pass runs
once a day (it is a no-op after its first run) and the periodic delivery only when an outbox
row is due.
"""

import datetime as dt
import heapq
import itertools
import logging
import random
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import time_machine
from celery import current_app
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Min
from django.test.utils import override_settings
from django.utils import translation

from calendars.services import calendar_notice_load
from core.clock import LEGAL_TZ, legal_date_of, now_utc
from customs import services as customs
from customs.models import CustomsNotice
from deadlines import services as deadline_services, tasks as deadline_tasks
from deadlines.matters import MATTER_RELATED, matter_of
from deadlines.models import LIVE, Deadline, DeadlineStatus
from deadlines.rules import MILESTONE_RULES
from enforcement import services as enforcement
from enforcement.models import ComplaintStatus
from notifications import delivery, scanner, tasks as alert_tasks
from notifications.models import Alert, AlertKind, AlertState
from notifications.services import alert_acknowledge
from rights import services as rights_services

from . import portfolio
from .mailbox import SmtpServer

log = logging.getLogger(__name__)

HOUR = dt.timedelta(hours=1)
SCAN_INTERVAL = HOUR
START = dt.datetime(2026, 6, 1, tzinfo=LEGAL_TZ).astimezone(dt.UTC)
DAYS = 365
NOTICE_2027 = Path(__file__).parent / "data" / "2027-made-up-notice.txt"
CALENDAR_PUBLISHED = dt.datetime(2026, 11, 5, 10, 17, tzinfo=LEGAL_TZ).astimezone(dt.UTC)


def at(y, m, d, h=9) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=LEGAL_TZ).astimezone(dt.UTC)


@dataclass(frozen=True)
class Fault:
    kind: str  # broker_down | smtp_refusing | worker_killed | two_beats
    start: dt.datetime
    end: dt.datetime
    how: str = ""


# The faults, on a schedule (China time). Alert hour is 09:00.
FAULTS = [
    Fault("two_beats", at(2026, 6, 15), at(2026, 6, 15) + HOUR),
    Fault("broker_down", at(2026, 7, 15), at(2026, 7, 15) + HOUR),
    Fault("worker_killed", at(2026, 8, 3), at(2026, 8, 3) + HOUR, "after SMTP accepted"),
    Fault("smtp_refusing", at(2026, 9, 14, 0), at(2026, 9, 15, 0)),
    Fault("worker_killed", at(2026, 10, 12), at(2026, 10, 12) + HOUR, "after claim"),
    Fault("two_beats", at(2026, 11, 9), at(2026, 11, 9) + HOUR),
    Fault("broker_down", at(2026, 12, 1), at(2026, 12, 1) + HOUR),
    Fault("worker_killed", at(2027, 1, 18), at(2027, 1, 18) + HOUR, "after SMTP accepted"),
    Fault("two_beats", at(2027, 2, 22), at(2027, 2, 22) + HOUR),
    Fault("broker_down", at(2027, 3, 10, 14), at(2027, 3, 10, 15)),
    Fault("worker_killed", at(2027, 4, 6), at(2027, 4, 6) + HOUR, "after claim"),
]


class WorkerKilled(BaseException):
    """The worker process died (SIGKILL): nothing after this line ran."""


@dataclass
class Delivered:
    """One received message, resolved to its outbox row when it arrived."""

    received: object  # mailbox.Received
    alert_id: int | None
    kind: str = ""
    stage: str = ""
    deadline_id: int | None = None
    organisation_id: int | None = None
    recipient_id: int | None = None
    recipient_org: int | None = None
    rule: str = ""
    due_date: dt.date | None = None
    matter_title: str = ""
    matter_path: str = ""


@dataclass
class Stats:
    events: dict = field(default_factory=dict)
    refused_actions: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # moments a scan ran
    faults_fired: list = field(default_factory=list)
    acks: int = 0
    started: float = 0.0
    setup_seconds: float = 0.0
    run_seconds: float = 0.0

    def count(self, name: str, n: int = 1) -> None:
        self.events[name] = self.events.get(name, 0) + n


class Year:
    def __init__(
        self,
        *,
        rights: int,
        orgs: int,
        seed: int,
        every_hour=False,
        days: int = DAYS,
        digests=False,
        out=None,
    ):
        self.digests = digests
        self.rights, self.orgs_count, self.seed = rights, orgs, seed
        self.every_hour = every_hour
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible world, not a secret
        self.out = out
        self.days = days
        self.start, self.end = START, START + dt.timedelta(days=days)
        self.queue: list = []  # (moment, seq, name, callable)
        self.seq = itertools.count()
        self.orgs: list[portfolio.Org] = []
        self.smtp = SmtpServer()
        self.delivered: list[Delivered] = []
        self.read_position = 0
        self.fates: dict[int, str] = {}  # deadline id -> what its people do
        self.ack_decided: set = set()
        self.stats = Stats()
        self.faults = list(FAULTS)
        self.user_org: dict[int, int] = {}
        self.language: dict[int, str] = {}
        self.last_missed_pass = None
        self.traveller = None

    # --- scheduling ------------------------------------------------------------------------

    def schedule(self, moment: dt.datetime, name: str, action) -> None:
        """Queue an action; never in the simulated past (the clock only moves forward: an action
        meant for a moment already gone, such as "done late" on a date that had passed before
        the right was entered, happens now)."""
        if self.traveller is not None:
            moment = max(moment, now_utc())
        heapq.heappush(self.queue, (moment, next(self.seq), name, action))

    def say(self, text: str) -> None:
        if self.out:
            self.out(text)

    # --- the run -----------------------------------------------------------------------------

    def run(self) -> "Year":
        self.stats.started = time.monotonic()
        self.smtp.start()
        app = current_app
        eager = app.conf.task_always_eager
        try:
            with ExitStack() as stack:
                stack.enter_context(
                    override_settings(
                        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                        EMAIL_HOST="127.0.0.1",
                        EMAIL_PORT=self.smtp.port,
                        EMAIL_USE_TLS=False,
                        EMAIL_USE_SSL=False,
                        EMAIL_HOST_USER="",
                        EMAIL_HOST_PASSWORD="",
                        EMAIL_TIMEOUT=10,
                    )
                )
                app.conf.task_always_eager = True
                self.traveller = stack.enter_context(
                    time_machine.travel(self.start - dt.timedelta(minutes=30), tick=False)
                )
                self.setup()
                self.stats.setup_seconds = time.monotonic() - self.stats.started
                self.loop()
        finally:
            app.conf.task_always_eager = eager
            self.smtp.stop()
        self.stats.run_seconds = time.monotonic() - self.stats.started
        return self

    def setup(self) -> None:
        password = make_password(None)
        for i in range(1, self.orgs_count + 1):
            org = portfolio.make_org(i, password_hash=password)
            self.orgs.append(org)
            for user in org.people.values():
                self.user_org[user.pk] = org.organisation.pk
                self.language[user.pk] = user.notification_preference.language
        self.operator = get_user_model().objects.create(
            username="sim-operator", email="operator@sim.test", is_staff=True, is_superuser=True
        )
        per_org = max(1, self.rights // self.orgs_count)
        days = self.days
        for org in self.orgs:
            plans = portfolio.plan_rights(org, per_org, start=self.start, days=days, rng=self.rng)
            for plan in plans:
                if plan.entered_at < self.start:
                    self.enter_right(plan)
                else:
                    self.schedule(plan.entered_at, "right entered late", self.bind_enter(plan))
            self.plan_notices(org, per_org)
            self.plan_complaints(org, per_org)
            self.plan_corrections(org, per_org)
        self.schedule(CALENDAR_PUBLISHED, "2027 calendar published", self.publish_calendar)
        self.say(
            f"setup: {len(self.orgs)} organisations, "
            f"{sum(len(o.rights) for o in self.orgs)} rights entered at the start, "
            f"{len(self.queue)} events scheduled"
        )

    def bind_enter(self, plan):
        return lambda: self.enter_right(plan)

    def enter_right(self, plan) -> None:
        portfolio.enter_right(plan, self.rng)
        self.stats.count("rights entered")

    def random_moment(self, *, after: dt.datetime | None = None) -> dt.datetime:
        """Any minute of the year (weekends and holidays included), never on the hour."""
        first = after or self.start
        span = int((self.end - first).total_seconds() // 60)
        moment = first + dt.timedelta(minutes=self.rng.randrange(1, max(2, span)))
        return moment if moment.minute else moment + dt.timedelta(minutes=7)

    def plan_notices(self, org, per_org: int) -> None:
        count = max(2, per_org // 6)
        for n in range(count):
            self.schedule(self.random_moment(), "customs notice entered", self.bind_notice(org, n))
        # One arrives while the mail server refuses mail.
        outage = next((f for f in self.faults if f.kind == "smtp_refusing"), None)
        if outage and outage.start < self.end:
            moment = outage.start + dt.timedelta(hours=10, minutes=17 + org.index)
            self.schedule(moment, "customs notice entered", self.bind_notice(org, count))

    def bind_notice(self, org, n):
        def enter():
            if not org.recordals:
                self.stats.count("customs notice skipped (no recordal yet)")
                return
            recordal = self.rng.choice(org.recordals)
            moment = now_utc()
            notice = customs.customs_notice_register(
                organisation=org.organisation,
                recordal=recordal,
                actor=org.editor,
                **portfolio.notice_fields(org, moment, n, self.rng),
            )
            self.stats.count("customs notices entered")
            if self.rng.random() < 0.65:  # answered within hours or a day or two
                answer_at = moment + dt.timedelta(minutes=self.rng.randrange(90, 60 * 40))
                self.schedule(answer_at, "customs notice answered", self.bind_answer(org, notice))

        return enter

    def bind_answer(self, org, notice):
        def answer():
            customs.customs_notice_answer(
                notice=CustomsNotice.objects.get(pk=notice.pk),
                response="explain",
                responded_on=legal_date_of(now_utc()),
                actor=org.counsel[0],
            )
            self.stats.count("customs notices answered")

        return answer

    def plan_complaints(self, org, per_org: int) -> None:
        for n in range(max(1, per_org // 12)):
            moment = self.random_moment()
            self.schedule(moment, "platform complaint submitted", self.bind_complaint(org, n))

    def bind_complaint(self, org, n):
        def submit():
            if not org.rights:
                return
            right = self.rng.choice(org.rights)
            today = legal_date_of(now_utc())
            complaint = enforcement.complaint_create(
                organisation=org.organisation,
                right=right,
                actor=org.editor,
                platform="taobao",
                reason=f"Counterfeit listing {org.tag} #{n}",
                status=ComplaintStatus.SUBMITTED,
                submitted_on=today,
            )
            self.stats.count("platform complaints submitted")
            removed = now_utc() + dt.timedelta(days=2, minutes=13)
            counter = removed + dt.timedelta(days=self.rng.randrange(2, 20), minutes=29)
            self.schedule(removed, "listing removed", self.bind_transition(org, complaint, "r"))
            self.schedule(
                counter, "counter-notice received", self.bind_transition(org, complaint, "c")
            )

        return submit

    def bind_transition(self, org, complaint, step):
        def move():
            today = legal_date_of(now_utc())
            if step == "r":
                enforcement.complaint_transition(
                    complaint=complaint, status=ComplaintStatus.REMOVED, on=today, actor=org.editor
                )
            elif step == "c":
                enforcement.complaint_counter_notice(
                    complaint=complaint, received_on=today, actor=org.editor
                )
                self.stats.count("counter-notices received")
                if self.rng.random() < 0.5:  # suit filed in time; otherwise the window passes
                    filed = now_utc() + dt.timedelta(days=self.rng.randrange(1, 10), minutes=41)
                    self.schedule(filed, "suit filed", self.bind_transition(org, complaint, "s"))
            else:
                enforcement.complaint_transition(
                    complaint=complaint,
                    status=ComplaintStatus.AUTHORITY_COMPLAINT_OR_SUIT_FILED,
                    on=today,
                    actor=org.counsel[0],
                )
                self.stats.count("suits filed")

        return move

    def plan_corrections(self, org, per_org: int) -> None:
        """Facts corrected (a registration date typed wrong) and removed (a right abandoned)."""
        for _ in range(max(1, per_org // 10)):
            self.schedule(self.random_moment(), "fact corrected", self.bind_correction(org))
        for _ in range(max(1, per_org // 30)):
            self.schedule(self.random_moment(), "right abandoned", self.bind_removal(org))

    def bind_correction(self, org):
        def correct():
            marks = [r for r in org.rights if r.kind == "trademark" and r.status == "registered"]
            if not marks:
                return
            right = self.rng.choice(marks)
            right.refresh_from_db()
            shift = dt.timedelta(days=self.rng.choice([-9, -3, 2, 6, 14]))
            rights_services.right_update(
                right=right, actor=org.editor, registration_date=right.registration_date + shift
            )
            self.stats.count("facts corrected")

        return correct

    def bind_removal(self, org):
        def remove():
            live = [r for r in org.rights if r.status in ("granted", "registered", "filed")]
            if not live:
                return
            right = self.rng.choice(live)
            right.refresh_from_db()
            rights_services.right_update(right=right, actor=org.editor, status="abandoned")
            right.status = "abandoned"
            self.stats.count("rights abandoned")

        return remove

    def publish_calendar(self) -> None:
        outcome = calendar_notice_load(text=NOTICE_2027.read_text(), actor=self.operator)
        self.stats.count("calendar loads")
        self.say(f"{now_utc():%Y-%m-%d %H:%M}Z 2027 calendar published: {outcome}")

    # --- the people ----------------------------------------------------------------------------

    def react(self, new: list[Delivered]) -> None:
        """Each person reads their mail: acknowledge now, late or never; act early, late or not."""
        for item in new:
            if item.kind != AlertKind.REMINDER or item.alert_id is None:
                continue
            if item.alert_id not in self.ack_decided:
                self.ack_decided.add(item.alert_id)
                choice = self.rng.random()
                if choice < 0.4:
                    delay = dt.timedelta(minutes=self.rng.randrange(5, 50))
                elif choice < 0.7:
                    delay = dt.timedelta(hours=self.rng.randrange(5, 60), minutes=11)
                else:
                    delay = None
                if delay:
                    self.schedule(
                        item.received.at + delay, "alert acknowledged", self.bind_ack(item)
                    )
            if item.deadline_id in self.fates or item.rule in MILESTONE_RULES:
                continue
            self.decide_fate(item)

    def bind_ack(self, item):
        def ack():
            alert = Alert.objects.filter(pk=item.alert_id).select_related("recipient").first()
            if alert is None:
                return
            alert_acknowledge(alert=alert, by=alert.recipient)
            self.stats.acks += 1

        return ack

    def decide_fate(self, item: Delivered) -> None:
        choice = self.rng.random()
        deadline = Deadline.objects.filter(pk=item.deadline_id).first()
        if deadline is None or deadline.rule == "customs_notice_response":
            return  # notices are answered (or not) through their own service
        if deadline.subject_type_id:
            return  # complaints: a suit filed (or not), through enforcement
        if deadline.right_id and deadline.right.notes == "calendar-sensitive":
            return  # left unpaid, so that the 2027 calendar has dates to move
        now = now_utc()
        today = legal_date_of(now)
        if choice < 0.5:
            self.fates[deadline.pk] = "done early"
            last = deadline.act_by if deadline.act_by and deadline.act_by > today else today
            span = max(1, (last - today).days)
            when = now + dt.timedelta(days=self.rng.randrange(0, span), hours=2, minutes=23)
        elif choice < 0.65:
            self.fates[deadline.pk] = "done late"
            when = dt.datetime.combine(
                deadline.due_date + dt.timedelta(days=self.rng.randrange(2, 12)),
                dt.time(11, 37),
                tzinfo=LEGAL_TZ,
            ).astimezone(dt.UTC)
        else:
            self.fates[deadline.pk] = "let pass"
            return
        if when < self.end:
            self.schedule(when, self.fates[deadline.pk], self.bind_done(deadline.pk, item))

    def bind_done(self, deadline_id, item):
        def done():
            deadline = Deadline.objects.filter(pk=deadline_id).first()
            if deadline is None or deadline.status not in LIVE:
                self.stats.count("done skipped (closed already)")
                return
            actor = get_user_model().objects.get(pk=self.editor_of(deadline.organisation_id))
            deadline_services.deadline_complete(deadline=deadline, actor=actor, note="simulated")
            self.stats.count("deadlines marked done")

        return done

    def editor_of(self, organisation_id: int) -> int:
        org = next(o for o in self.orgs if o.organisation.pk == organisation_id)
        return org.editor.pk

    # --- the hours -----------------------------------------------------------------------------

    def loop(self) -> None:
        tick = self.start
        while tick <= self.end:
            self.run_events_until(tick)
            self.traveller.move_to(tick)
            self.hour(tick)
            tick = self.next_tick(tick)
        self.run_events_until(self.end)

    def run_events_until(self, moment: dt.datetime) -> None:
        while self.queue and self.queue[0][0] < moment:
            when, _seq, name, action = heapq.heappop(self.queue)
            self.traveller.move_to(when)
            try:
                action()
            except (ValidationError, PermissionDenied) as exc:
                self.stats.refused_actions.append((when, name, str(exc)[:200]))

    def fault_at(self, kind: str, moment: dt.datetime) -> Fault | None:
        return next((f for f in self.faults if f.kind == kind and f.start <= moment < f.end), None)

    def hour(self, tick: dt.datetime) -> None:
        """What beat sends in one hour, run once: sweep, missed pass, digests, scan, delivery."""
        refusing = self.fault_at("smtp_refusing", tick) is not None
        self.smtp.mailbox.refusing = refusing
        if self.fault_at("broker_down", tick):
            self.stats.faults_fired.append(("broker_down", tick, "no task ran this hour"))
            return
        self.stats.ticks.append(tick)
        alert_tasks.sweep_leases()
        day = legal_date_of(tick)
        if day != self.last_missed_pass:  # hourly in beat; after the first run of a day a no-op
            deadline_tasks.deadlines_mark_missed()
            self.last_missed_pass = day
        if self.digests:
            alert_tasks.queue_digests()
        killed = self.fault_at("worker_killed", tick)
        if killed:
            self.scan_then_die(killed)
        elif self.fault_at("two_beats", tick):
            self.two_beats()
        else:
            alert_tasks.scan_deadlines()  # delivers at once (deliver_alerts.delay, eager)
            if self.delivery_due():  # the periodic delivery: retries whose time has come
                alert_tasks.deliver_alerts()
        if refusing or self.fault_at("smtp_refusing", tick - HOUR):
            self.retries_at_beat_cadence(tick)
        self.collect()

    def retries_at_beat_cadence(self, tick: dt.datetime) -> None:
        """While the mail server refuses, and in the hour after, run beat's outbox sweep at its
        real cadence (every minute), not once per simulated hour: retries then come as often
        as they would in production, which is what once wore alerts out after a few hours."""
        every = dt.timedelta(seconds=current_app.conf.beat_schedule["outbox-sweep"]["schedule"])
        moment = tick + every
        while moment < tick + HOUR:
            self.run_events_until(moment)
            self.traveller.move_to(moment)
            self.smtp.mailbox.refusing = self.fault_at("smtp_refusing", moment) is not None
            if self.delivery_due():
                alert_tasks.sweep_leases()
                alert_tasks.deliver_alerts()
                self.stats.count("deliveries between hourly ticks")
            moment += every

    def delivery_due(self) -> bool:
        return Alert.objects.filter(
            state=AlertState.PENDING, next_attempt_at__lte=now_utc()
        ).exists()

    def scan_then_die(self, fault: Fault) -> None:
        """The scan commits its alerts; the worker delivering them dies mid-batch."""
        scanner.scan()  # what scan_deadlines does before it hands over to delivery
        if fault.how == "after claim":
            _token, ids = delivery.claim(now=now_utc(), batch=50, lease=delivery.conf.lease())
            self.stats.faults_fired.append(
                ("worker_killed", now_utc(), f"after claiming {len(ids)}")
            )
            return
        original = delivery._stamp_sent
        calls = {"n": 0}

        def dying(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:  # the second message was accepted by SMTP: die before stamping
                raise WorkerKilled
            return original(*args, **kwargs)

        with mock.patch.object(delivery, "_stamp_sent", dying):
            try:
                delivery.deliver()
            except WorkerKilled:
                self.stats.faults_fired.append(
                    ("worker_killed", now_utc(), "after SMTP accepted, before the stamp")
                )
                return
        self.stats.faults_fired.append(("worker_killed", now_utc(), "not enough mail to die in"))

    def two_beats(self) -> None:
        errors = []

        def beat():
            try:
                alert_tasks.scan_deadlines()
                alert_tasks.deliver_alerts()
            except Exception as exc:  # reported, not swallowed: the run fails on it
                errors.append(exc)
            finally:
                connection.close()

        if connection.vendor == "sqlite":  # no concurrent writers on SQLite: one after the other
            beat()
            beat()
        else:
            threads = [threading.Thread(target=beat) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.stats.faults_fired.append(("two_beats", now_utc(), f"errors: {len(errors)}"))
        if errors:
            raise errors[0]

    def next_tick(self, tick: dt.datetime) -> dt.datetime:
        following = tick + HOUR
        if self.every_hour:
            return following
        candidates = [self.end + HOUR]
        if self.queue:
            candidates.append(self.queue[0][0])
        for fault in self.faults:
            candidates += [m for m in (fault.start, fault.end) if m >= following]
        local = tick.astimezone(LEGAL_TZ)
        # The missed pass flags open dates whose day has ended: the midnight after the first.
        first_open = Deadline.objects.filter(status=DeadlineStatus.OPEN).aggregate(
            d=Min("due_date")
        )["d"]
        if first_open is not None:
            day = max(local.date(), first_open) + dt.timedelta(days=1)
            candidates.append(dt.datetime.combine(day, dt.time(0), LEGAL_TZ).astimezone(dt.UTC))
        if self.digests:  # each manager's digest at 08:00 China time
            eight = dt.datetime.combine(local.date(), dt.time(8), LEGAL_TZ).astimezone(dt.UTC)
            candidates.append(eight if eight >= following else eight + dt.timedelta(days=1))
        heads = [
            Deadline.objects.filter(status__in=LIVE).aggregate(m=Min("next_alert_at"))["m"],
            Alert.objects.filter(state=AlertState.PENDING).aggregate(m=Min("next_attempt_at"))["m"],
            Alert.objects.filter(state=AlertState.SENDING).aggregate(m=Min("lease_until"))["m"],
            Alert.objects.filter(escalate_at__isnull=False).aggregate(m=Min("escalate_at"))["m"],
        ]
        candidates += [h for h in heads if h is not None]
        soonest = min(candidates)
        if soonest <= following:
            return following
        # Round up to the hour: the first hour whose tasks would find it due.
        rounded = soonest.replace(minute=0, second=0, microsecond=0)
        if rounded < soonest:
            rounded += HOUR
        return max(following, rounded)

    # --- reading the mail ----------------------------------------------------------------------

    def collect(self) -> None:
        """Resolve the messages that arrived to their outbox rows, then let the people react."""
        new = self.smtp.mailbox.since(self.read_position)
        self.read_position += len(new)
        if not new:
            return
        ids = {r.alert_id for r in new if r.alert_id is not None}
        alerts = {
            a.pk: a
            for a in Alert.objects.filter(pk__in=ids).select_related(
                *(f"deadline__{name}" for name in MATTER_RELATED), "deadline"
            )
        }
        items = []
        for received in new:
            alert = alerts.get(received.alert_id)
            item = Delivered(received=received, alert_id=received.alert_id)
            if alert is not None:
                item.kind, item.stage = alert.kind, alert.stage
                item.organisation_id, item.recipient_id = alert.organisation_id, alert.recipient_id
                item.recipient_org = self.user_org.get(alert.recipient_id)
                if alert.deadline_id:
                    deadline = alert.deadline
                    item.deadline_id, item.rule = deadline.pk, deadline.rule
                    item.due_date = deadline.due_date
                    with translation.override(self.language.get(alert.recipient_id, "en")):
                        matter = matter_of(deadline)
                    item.matter_title, item.matter_path = matter.title, matter.path
            items.append(item)
        self.delivered.extend(items)
        self.react(items)
