"""notifications.scanner: due deadlines become alerts exactly once, for the right people."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from customs.services import customs_notice_register
from deadlines.models import Deadline
from notifications import policy as pure, scanner
from notifications.models import Alert, AlertKind, ReminderPolicy
from notifications.services import alert_acknowledge, preference_update
from tests.factories import RecordalFactory, RightFactory, member

from .conftest import shanghai

NOW = shanghai(2026, 11, 24, 10, 0)  # a Tuesday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _alerts(**filters):
    return sorted(
        Alert.objects.filter(**filters).values_list("deadline_id", "stage", "recipient__username")
    )


def test_due_deadline_alerts_the_responsible_person_and_every_manager(
    make_deadline, responsible, manager, counsel, org
):
    second_manager = member(Role.MANAGER, org, username="mona")
    d = make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))

    scanner.scan()

    assert _alerts() == sorted(
        [(d.pk, "d-7", "manager"), (d.pk, "d-7", "mona"), (d.pk, "d-7", "rita")]
    )
    assert second_manager.alerts.get().kind == AlertKind.REMINDER
    assert not counsel.alerts.exists()  # counsel only hears of escalations


def test_running_the_scan_twice_adds_nothing(make_deadline, manager):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    make_deadline(due_date=dt.date(2026, 11, 24), now=NOW - dt.timedelta(days=3))
    scanner.scan()
    first = _alerts()

    again = scanner.scan()

    assert len(first) == 4
    assert _alerts() == first
    assert again.deadlines == 0  # next_alert_at moved on: nothing is due any more


def test_scan_advances_next_alert_at_to_the_next_step(make_deadline):
    d = make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    d.refresh_from_db()
    assert d.next_alert_at == shanghai(2026, 11, 28, 9, 0)  # d-3


def test_after_downtime_only_the_most_urgent_missed_stage_is_sent(make_deadline, frozen):
    frozen.move_to(shanghai(2026, 9, 25, 12, 0))
    d = make_deadline(due_date=dt.date(2026, 11, 29), now=shanghai(2026, 9, 25, 12, 0))
    scanner.scan()
    d.refresh_from_db()
    assert d.next_alert_at == shanghai(2026, 9, 30, 9, 0)  # d-60 is next
    # The scheduler then stands still until 24 November: d-60, d-30, d-14 and d-7 passed.
    frozen.move_to(NOW)

    scanner.scan()

    assert _alerts() == [(d.pk, "d-7", "rita"), (d.pk, "d-90", "rita")]


def test_scan_reads_only_the_due_head_of_the_index_in_batches(make_deadline):
    due = [
        make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
        for _ in range(5)
    ]
    later = make_deadline(due_date=dt.date(2027, 6, 1), now=NOW)  # next alert in March

    with CaptureQueriesContext(connection) as ctx:
        result = scanner.scan(batch=2)

    assert result.deadlines == 5
    selects = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT")
        and '"deadlines_deadline"' in q["sql"]
        and "next_alert_at" in q["sql"]
    ]
    assert len(selects) == 3  # 2 + 2 + 1 rows: three index-head reads, no table walk
    assert all('"next_alert_at" <=' in sql and "LIMIT 2" in sql for sql in selects)
    assert {a[0] for a in _alerts()} == {d.pk for d in due}
    assert later.alerts.count() == 0


def test_missed_deadlines_are_reminded_daily_while_overdue(make_deadline, frozen):
    d = make_deadline(
        due_date=dt.date(2026, 11, 20), now=NOW - dt.timedelta(days=10), status="missed"
    )
    scanner.scan()
    frozen.move_to(shanghai(2026, 11, 25, 9, 5))
    scanner.scan()
    assert _alerts() == [(d.pk, "overdue-2026-11-24", "rita"), (d.pk, "overdue-2026-11-25", "rita")]


def test_closed_deadlines_are_not_scanned(make_deadline):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30), status="done")
    assert scanner.scan().deadlines == 0
    assert Alert.objects.count() == 0


def test_an_organisation_policy_row_changes_the_ladder(make_deadline, org):
    ReminderPolicy.objects.create(organisation=org, ladder_days=[10, 2], overdue_days=0)
    from notifications.selectors import reminder_policy_for

    policy = reminder_policy_for(organisation_id=org.id)
    d = make_deadline(due_date=dt.date(2026, 12, 2), now=NOW - dt.timedelta(days=1), policy=policy)
    scanner.scan()
    assert _alerts() == [(d.pk, "d-10", "rita")]
    d.refresh_from_db()
    assert d.next_alert_at == shanghai(2026, 11, 30, 9, 0)


def test_muted_non_critical_stage_is_not_sent_to_that_user(make_deadline, responsible, manager):
    preference_update(user=manager, muted_stages=["d-7"])
    d = make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    assert _alerts() == [(d.pk, "d-7", "rita")]


def test_muting_is_ignored_for_critical_deadlines(make_deadline, manager):
    preference_update(user=manager, muted_stages=["d-7", "overdue"])
    d = make_deadline(
        rule="recordal_expiry", due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30)
    )
    scanner.scan()
    assert _alerts() == [(d.pk, "d-7", "manager"), (d.pk, "d-7", "rita")]


def test_customs_notice_stages_cannot_be_muted(manager):
    with pytest.raises(ValidationError) as exc:
        preference_update(user=manager, muted_stages=["d-90", "notice-2026-11-24"])
    assert "muted_stages" in exc.value.message_dict
    assert manager.notification_preference.muted_stages == []


def test_unacknowledged_critical_alert_escalates_to_managers_and_counsel_once(
    make_deadline, manager, counsel, frozen
):
    d = make_deadline(rule=pure.NOTICE_RULE, due_date=dt.date(2026, 11, 27), now=NOW)
    scanner.scan()
    frozen.move_to(NOW + dt.timedelta(hours=3, minutes=59))
    scanner.scan()
    assert not Alert.objects.filter(kind=AlertKind.ESCALATION).exists()

    frozen.move_to(NOW + dt.timedelta(hours=4))
    scanner.scan()
    scanner.scan()

    assert _alerts(kind=AlertKind.ESCALATION) == [
        (d.pk, "esc:notice-2026-11-24", "counsel"),
        (d.pk, "esc:notice-2026-11-24", "manager"),
    ]


def test_acknowledging_stops_the_escalation_for_everyone(
    make_deadline, manager, counsel, responsible, frozen
):
    make_deadline(rule=pure.NOTICE_RULE, due_date=dt.date(2026, 11, 27), now=NOW)
    scanner.scan()
    alert = Alert.objects.get(recipient=responsible)
    alert_acknowledge(alert=alert, by=responsible)

    frozen.move_to(NOW + dt.timedelta(hours=5))
    scanner.scan()

    assert not Alert.objects.filter(kind=AlertKind.ESCALATION).exists()
    manager_alert = Alert.objects.get(recipient=manager)
    assert manager_alert.acknowledged_by == responsible
    assert manager_alert.acknowledged_at is not None


def test_non_critical_deadlines_never_escalate(make_deadline, manager, frozen):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    frozen.move_to(NOW + dt.timedelta(days=3))
    scanner.scan()
    assert not Alert.objects.filter(kind=AlertKind.ESCALATION).exists()


def test_one_unplannable_row_does_not_stop_the_scan(make_deadline, monkeypatch):
    bad = make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    good = make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    real = pure.stages

    def flaky(**kwargs):
        if (
            kwargs["due_date"] == bad.due_date
            and kwargs["entered_at"] == bad.created_at
            and not getattr(flaky, "done", False)
        ):
            flaky.done = True
            raise ValueError("broken row")
        return real(**kwargs)

    monkeypatch.setattr(pure, "stages", flaky)
    result = scanner.scan()

    assert len(result.errors) == 1
    assert Alert.objects.filter(deadline__in=[bad, good]).count() == 1
    retried = Deadline.objects.filter(
        pk__in=[bad.pk, good.pk], next_alert_at=NOW + dt.timedelta(hours=1)
    )
    assert retried.count() == 1


def test_entering_a_customs_notice_sets_its_alert_clock_to_now(org, counsel, paralegal, manager):
    right = RightFactory(
        organisation=org, status="granted", grant_date=dt.date(2021, 8, 3), responsible=counsel
    )
    recordal = RecordalFactory(right=right)
    customs_notice_register(
        organisation=org,
        recordal=recordal,
        actor=paralegal,
        served_on=dt.date(2026, 11, 24),
        port="Shenzhen",
        goods_description="Fakes",
        quantity=10,
        goods_value_cny=Decimal("1000.00"),
    )
    notice_deadline = Deadline.objects.get(rule=pure.NOTICE_RULE)
    assert notice_deadline.next_alert_at == NOW

    scanner.scan()

    assert _alerts(deadline=notice_deadline) == [
        (notice_deadline.pk, "notice-2026-11-24", "counsel"),
        (notice_deadline.pk, "notice-2026-11-24", "manager"),
    ]
    assert Alert.objects.filter(deadline=notice_deadline, critical=True).count() == 2


def test_recompute_sets_next_alert_at_for_every_live_deadline(org, counsel):
    right = RightFactory(
        organisation=org, status="granted", grant_date=dt.date(2021, 8, 3), responsible=counsel
    )
    from deadlines.services import deadlines_recompute

    deadlines_recompute(right=right)
    rows = Deadline.objects.filter(right=right)
    assert rows.exists()
    for row in rows:
        expected = pure.first_alert_at(
            due_date=row.due_date, rule_id=row.rule, policy=pure.DEFAULT_POLICY, now=NOW
        )
        assert row.next_alert_at == (expected if row.status in ("open", "missed") else None), row


# Issue 8 item 9: a 3-working-day clock nobody is responsible for must reach counsel, who can
# act on it, from the first scan, and not only the managers. The same holds for every
# unassigned deadline. (responsible person?, expected recipients besides the managers)
RECIPIENTS = [
    ("responsible person set: them and the managers", 7, [7]),
    ("nobody responsible: every counsel and the managers", None, [3, 4]),
]


@pytest.mark.parametrize(
    ("why", "responsible", "first"), RECIPIENTS, ids=[r[0] for r in RECIPIENTS]
)
def test_recipients_without_a_responsible_person_include_counsel(why, responsible, first):
    stage = pure.Stage("notice-2026-11-24", NOW, pure.NOTICE)

    ids = scanner.recipients_for(
        responsible_id=responsible,
        managers=[5, 6],
        counsel=[3, 4],
        muted={},
        stage=stage,
        critical=True,
    )

    assert ids == [*first, 5, 6]


def test_customs_notice_without_a_responsible_person_alerts_counsel_from_the_first_scan(
    org, counsel, paralegal, manager
):
    second_counsel = member(Role.COUNSEL, org, username="carl")
    recordal = RecordalFactory(right=RightFactory(organisation=org, granted=True))  # no one set
    customs_notice_register(
        organisation=org,
        recordal=recordal,
        actor=paralegal,
        served_on=dt.date(2026, 11, 24),
        port="Shenzhen",
        goods_description="Fakes",
        quantity=10,
        goods_value_cny=Decimal("1000.00"),
    )
    notice_deadline = Deadline.objects.get(rule=pure.NOTICE_RULE)
    assert notice_deadline.responsible_id is None

    scanner.scan()  # the first scan after entry

    assert _alerts(deadline=notice_deadline) == sorted(
        [
            (notice_deadline.pk, "notice-2026-11-24", "carl"),
            (notice_deadline.pk, "notice-2026-11-24", "counsel"),
            (notice_deadline.pk, "notice-2026-11-24", "manager"),
        ]
    )
    assert second_counsel.alerts.get().critical
