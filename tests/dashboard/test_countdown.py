"""The customs-notice clock: working days and hours left to 24:00 China time on the due date."""

import datetime as dt
from zoneinfo import ZoneInfo

from deadlines.countdown import countdown

SH = ZoneInfo("Asia/Shanghai")
COUNTED = ["2026-11-24", "2026-11-25", "2026-11-26"]  # served Mon 23 Nov


def test_hours_run_to_midnight_china_time_on_the_due_date():
    clock = countdown(
        due_date=dt.date(2026, 11, 26),
        counted_days=COUNTED,
        now=dt.datetime(2026, 11, 24, 10, 0, tzinfo=SH),
    )
    assert (clock.hours_left, clock.minutes_left) == (62, 0)  # Tue 10:00 to Fri 00:00
    assert clock.working_days_left == 3
    assert clock.ends_at == dt.datetime(2026, 11, 27, 0, 0, tzinfo=SH)


def test_a_utc_now_is_read_on_the_china_calendar():
    # 17:30 UTC on Wed 25 Nov is 01:30 on Thu 26 Nov in Shanghai: one working day left.
    clock = countdown(
        due_date=dt.date(2026, 11, 26),
        counted_days=COUNTED,
        now=dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.UTC),
    )
    assert clock.working_days_left == 1
    assert (clock.hours_left, clock.minutes_left) == (22, 30)
    assert clock.urgency == "today"


def test_after_midnight_the_clock_is_overdue():
    clock = countdown(
        due_date=dt.date(2026, 11, 26),
        counted_days=COUNTED,
        now=dt.datetime(2026, 11, 27, 0, 30, tzinfo=SH),
    )
    assert clock.overdue
    assert clock.working_days_left == 0
    assert clock.urgency == "overdue"
