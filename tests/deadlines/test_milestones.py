"""A window opening or a term ending is a date to know: once passed it is reached, not missed."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from deadlines.models import Deadline
from deadlines.services import deadlines_mark_missed, deadlines_recompute
from tests.factories import RightFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_passed_renewal_window_is_reached_but_passed_renewal_due_is_missed(db):
    # Registered 2016-05-07: term ends 2026-05-06, window opened 2025-05-07.
    right = RightFactory(trademark=True)
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=SHANGHAI), tick=False):
        deadlines_recompute(right=right)
    rows = {d.rule: d for d in Deadline.objects.filter(right=right)}
    assert rows["trademark_renewal_window_opens"].status == "done"
    assert rows["trademark_renewal_window_opens"].note == "Date reached."
    assert rows["trademark_renewal_due"].status == "missed"
    assert rows["trademark_renewal_grace_end"].status == "open"


def test_mark_missed_reaches_milestones_and_misses_acts(db):
    right = RightFactory(trademark=True)
    with time_machine.travel(dt.datetime(2025, 5, 1, 9, tzinfo=SHANGHAI), tick=False):
        deadlines_recompute(right=right)
    renewal = Deadline.objects.filter(right=right, rule__startswith="trademark_renewal")
    assert set(renewal.values_list("status", flat=True)) == {"open"}
    with time_machine.travel(dt.datetime(2026, 5, 8, 9, tzinfo=SHANGHAI), tick=False):
        deadlines_mark_missed()
    rows = {d.rule: d.status for d in Deadline.objects.filter(right=right)}
    assert rows["trademark_renewal_window_opens"] == "done"
    assert rows["trademark_renewal_due"] == "missed"
    assert rows["trademark_renewal_grace_end"] == "open"
