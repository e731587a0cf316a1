"""notifications.policy (pure): the reminder ladder, customs-notice mornings, catch-up."""

import datetime as dt

import pytest

from calendars.workdays import WorkdayCalendar
from deadlines.countdown import countdown
from notifications import policy as pure

from .conftest import shanghai

DUE = dt.date(2026, 12, 31)
CAL = WorkdayCalendar()


def _stages(rule="patent_annuity", due=DUE, entered=None, policy=pure.DEFAULT_POLICY):
    return pure.stages(
        due_date=due,
        rule_id=rule,
        policy=policy,
        entered_at=entered or shanghai(2026, 1, 1, 0, 0),
        calendar=CAL,
    )


@pytest.mark.parametrize(
    ("now", "stage"),
    [
        (shanghai(2026, 10, 2, 8, 59), None),  # 90 days before at 08:59: nothing yet
        (shanghai(2026, 10, 2, 9, 0), "d-90"),
        (shanghai(2026, 11, 1, 9, 0), "d-60"),
        (shanghai(2026, 12, 1, 9, 0), "d-30"),
        (shanghai(2026, 12, 17, 9, 0), "d-14"),
        (shanghai(2026, 12, 24, 9, 0), "d-7"),
        (shanghai(2026, 12, 28, 9, 0), "d-3"),
        (shanghai(2026, 12, 30, 9, 0), "d-1"),
        (shanghai(2026, 12, 31, 9, 0), "d-0"),
        (shanghai(2026, 12, 31, 23, 59), "d-0"),
        (shanghai(2027, 1, 1, 9, 0), "overdue-2027-01-01"),
        (shanghai(2027, 1, 2, 10, 0), "overdue-2027-01-02"),
    ],
)
def test_long_range_ladder_fires_at_nine_china_time_on_each_step(now, stage):
    current = pure.current_stage(_stages(), now.astimezone(dt.UTC))
    assert (current.key if current else None) == stage


def test_catch_up_after_downtime_gives_only_the_most_urgent_missed_stage():
    # Scheduler down from d-60 until 5 days before the date: d-30, d-14 and d-7 were missed.
    now = shanghai(2026, 12, 26, 12, 0)
    all_stages = _stages()
    assert pure.current_stage(all_stages, now).key == "d-7"
    assert pure.next_stage(all_stages, now).key == "d-3"


def test_overdue_alerts_stop_after_the_policy_days():
    policy = pure.Policy(overdue_days=2)
    all_stages = _stages(policy=policy)
    assert [s.key for s in all_stages][-2:] == ["overdue-2027-01-01", "overdue-2027-01-02"]
    assert pure.current_stage(all_stages, shanghai(2027, 1, 2, 20, 0)).key == "overdue-2027-01-02"
    assert pure.current_stage(all_stages, shanghai(2027, 1, 3, 9, 0)) is None
    assert pure.next_stage(all_stages, shanghai(2027, 1, 3, 9, 0)) is None


def test_an_organisation_ladder_replaces_the_default():
    policy = pure.Policy(ladder=(10, 0), alert_hour=8, overdue_days=0)
    keys = [(s.key, s.at) for s in _stages(policy=policy)]
    assert keys == [
        ("d-10", shanghai(2026, 12, 21, 8, 0)),
        ("d-0", shanghai(2026, 12, 31, 8, 0)),
    ]


def test_customs_notice_alerts_on_entry_then_every_working_day_morning_until_the_date():
    # Served Thu 2026-10-01 in the National Day week (1-7 Oct off; Sat 10 Oct is a swapped
    # working day), entered that afternoon: day 3 is Saturday 10 October.
    entered = shanghai(2026, 10, 1, 15, 30)
    due = dt.date(2026, 10, 10)
    all_stages = _stages(
        rule=pure.NOTICE_RULE, due=due, entered=entered, policy=pure.Policy(overdue_days=1)
    )
    assert [(s.key, s.at) for s in all_stages] == [
        ("notice-2026-10-01", entered),
        ("notice-2026-10-08", shanghai(2026, 10, 8, 9, 0)),
        ("notice-2026-10-09", shanghai(2026, 10, 9, 9, 0)),
        ("notice-2026-10-10", shanghai(2026, 10, 10, 9, 0)),  # swapped working Saturday
        ("overdue-2026-10-11", shanghai(2026, 10, 11, 9, 0)),
    ]


def test_a_notice_entered_before_nine_does_not_get_a_second_alert_that_morning():
    entered = shanghai(2026, 11, 24, 8, 0)
    all_stages = _stages(rule=pure.NOTICE_RULE, due=dt.date(2026, 11, 27), entered=entered)
    keys = [s.key for s in all_stages if s.kind == pure.NOTICE]
    assert keys == [
        "notice-2026-11-24",
        "notice-2026-11-25",
        "notice-2026-11-26",
        "notice-2026-11-27",
    ]
    assert all_stages[0].at == entered


@pytest.mark.parametrize(
    ("now", "hours"),
    [
        (shanghai(2026, 11, 27, 9, 0), 15),  # morning of the last day: 15 h to 24:00 China
        (shanghai(2026, 11, 26, 9, 0), 39),
        (shanghai(2026, 11, 27, 23, 30), 0),
        (shanghai(2026, 11, 28, 1, 0), -1),  # past the cut-off: counted as overdue
    ],
)
def test_hours_left_count_to_midnight_china_time_on_the_due_date(now, hours):
    """The alert emails count the hours with the workspace's clock (deadlines.countdown)."""
    due = dt.date(2026, 11, 27)
    assert countdown(due_date=due, counted_days=(), now=now).hours_left == hours
    assert pure.cutoff(due) == shanghai(2026, 11, 28, 0, 0)


def test_first_alert_is_now_for_a_new_notice_and_the_next_step_for_a_far_deadline():
    now = shanghai(2026, 11, 24, 10, 0)
    assert (
        pure.first_alert_at(
            due_date=dt.date(2026, 11, 27),
            rule_id=pure.NOTICE_RULE,
            policy=pure.DEFAULT_POLICY,
            now=now,
        )
        == now
    )
    assert pure.first_alert_at(
        due_date=dt.date(2027, 6, 30),
        rule_id="patent_annuity",
        policy=pure.DEFAULT_POLICY,
        now=now,
    ) == shanghai(2027, 4, 1, 9, 0)  # d-90


def test_first_alert_for_a_deadline_entered_inside_the_ladder_is_the_step_already_passed():
    now = shanghai(2026, 11, 24, 10, 0)
    at = pure.first_alert_at(
        due_date=dt.date(2027, 1, 8),
        rule_id="patent_annuity",
        policy=pure.DEFAULT_POLICY,
        now=now,
    )
    assert at == shanghai(2026, 11, 9, 9, 0)  # d-60 fired already: the scan sends it now


def test_a_deadline_long_past_its_overdue_alerts_gets_no_alert_clock():
    now = shanghai(2026, 11, 24, 10, 0)
    assert (
        pure.first_alert_at(
            due_date=dt.date(2020, 1, 8),
            rule_id="patent_annuity",
            policy=pure.DEFAULT_POLICY,
            now=now,
        )
        is None
    )


@pytest.mark.parametrize(
    "policy",
    [
        pure.DEFAULT_POLICY,
        pure.Policy(ladder=(30, 0), overdue_days=0),
        pure.Policy(ladder=(), overdue_days=3, alert_hour=17),
        pure.Policy(ladder=(), overdue_days=0),
        pure.Policy(ladder=(365, 7), overdue_days=1, alert_hour=0),
    ],
)
def test_first_alert_of_a_long_range_date_is_the_same_with_or_without_building_its_stages(policy):
    """The import's shortcut (before the first stage, or a day after the last) gives the answer
    the full ladder gives, for every due date from long past to far ahead and every hour."""
    checked = set()
    for hours in range(0, 24 * 3, 5):
        now = shanghai(2026, 11, 30, 0) + dt.timedelta(hours=hours)
        for offset in range(-400, 400):
            due = dt.date(2026, 11, 30) + dt.timedelta(days=offset)
            full = pure.stages(
                due_date=due, rule_id="patent_annuity", policy=policy, entered_at=now
            )
            fired = pure.current_stage(full, now)
            upcoming = pure.next_stage(full, now)
            expected = fired.at if fired else (upcoming.at if upcoming else None)
            got = pure.first_alert_at(
                due_date=due, rule_id="patent_annuity", policy=policy, now=now
            )
            assert got == expected, (due, now)
            checked.add(pure._long_range_outside(due, policy, now) is pure._INSIDE)
    if policy.ladder or policy.overdue_days:
        assert checked == {True, False}  # both the shortcut and the full ladder were compared
