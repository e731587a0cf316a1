"""Every change to a year's official calendar recomputes the deadlines counted through it.

Issue 8 item 1: load, reload, edit and delete each recompute every live deadline whose counted
days touch the year (provisional or not), report the moves and record them in each deadline's
history with the reason. The 2027 schedule is made up (tests/calendars/made_up_2027.py): Fri
01-01 off; 02-05..02-12 off; 05-01..05-05 off; 10-01..10-07 off; Sat 02-20, Sun 04-25 and
Sat 10-09 working. Unpublished, 2027 counts weekends and the statutory days (issue 8 item 2).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from calendars.models import CalendarAdjustment, OfficialYear
from calendars.services import calendar_year_delete
from customs.models import CustomsNotice
from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from tests.calendars.made_up_2027 import WORKING_DAYS_2027, load_2027
from tests.factories import CustomsNoticeFactory

D = dt.date
NOW = dt.datetime(2026, 12, 30, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def serve(served_on: dt.date) -> Deadline:
    """A customs notice served on `served_on`: 3 working days, no margin (act-by = due date)."""
    notice = CustomsNoticeFactory(served_on=served_on)
    deadlines_recompute(right=notice.recordal.right)
    return Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")


def state(deadline: Deadline):
    deadline.refresh_from_db()
    return deadline.due_date, deadline.act_by, deadline.provisional


# (served, before: unpublished 2027, after: made-up 2027 loaded), each (due, act_by, provisional).
LOAD_2027 = [
    pytest.param(
        D(2026, 12, 30),
        # Thu 12-31 WD1; Fri 01-01 New Year's Day (statutory, assumed); Sat 02, Sun 03 rest;
        # Mon 04 WD2; Tue 05 WD3. Earliest: Sat 02 and Sun 03 could be swapped -> WD3 Sun 03;
        # an act-by is a known working day on or before it (issue 8 item 7): back over Sun 03,
        # Sat 02 and Fri 01-01 to Thu 2026-12-31.
        (D(2027, 1, 5), D(2026, 12, 31), True),
        # Loaded: no swap in January, same due date, act-by back to it.
        (D(2027, 1, 5), D(2027, 1, 5), False),
        id="over New Year: same due date, act-by from the earliest back to the due date",
    ),
    pytest.param(
        D(2027, 9, 24),
        # Sat 25 and Sun 26 rest (within reach of National Day: could be swapped); Mon 27,
        # Tue 28, Wed 29 -> due Wed 29. Earliest: Sat 25, Sun 26, Mon 27 -> act by Mon 27.
        (D(2027, 9, 29), D(2027, 9, 27), True),
        # Loaded: no September swap, so Mon 27, Tue 28, Wed 29.
        (D(2027, 9, 29), D(2027, 9, 29), False),
        id="before National Day: the weekend was a possible working day, not in the notice",
    ),
    pytest.param(
        D(2027, 9, 30),
        # Fri 10-01, Sat 02, Sun 03 statutory; Mon 04, Tue 05, Wed 06 -> due Wed 06; no
        # weekend day is reached before it, so the earliest is the same.
        (D(2027, 10, 6), D(2027, 10, 6), True),
        # Loaded: 10-01..10-07 off; Fri 08 WD1, Sat 09 swapped WD2, Sun 10 off, Mon 11 WD3.
        (D(2027, 10, 11), D(2027, 10, 11), False),
        id="National Day: the days given in lieu move the date later",
    ),
]


@pytest.mark.parametrize(("served", "before", "after"), LOAD_2027)
def test_loading_2027_recomputes_each_date_counted_through_it(served, before, after):
    deadline = serve(served)
    assert state(deadline) == before

    load = load_2027()

    assert state(deadline) == after
    due = after[0]
    assert load.outcome.recomputed == 1
    assert [m.deadline_id for m in load.outcome.moves] == [deadline.pk]
    move = load.outcome.moves[0]
    assert (move.old_due, move.new_due, move.old_act_by) == (before[0], due, before[1])
    assert "PROVISIONAL" not in deadline.explanation
    notice = CustomsNotice.objects.get(pk=deadline.customs_notice_id)
    assert (notice.response_due, notice.provisional) == (due, False)


def test_a_reload_moves_final_dates_too_and_records_the_reason_in_history():
    load_2027()
    deadline = serve(D(2027, 2, 4))
    # Thu 02-04 served; 02-05..02-12 off, Sat 13 and Sun 14 rest: Mon 15, Tue 16, Wed 17.
    assert state(deadline) == (D(2027, 2, 17), D(2027, 2, 17), False)
    versions = deadline.history.count()

    # A corrected notice makes Sat 02-13 a working day: Sat 13, Mon 15, Tue 16.
    load = load_2027(
        notice="国办发明电〔2026〕99号 (corrected)",
        working_days=[*WORKING_DAYS_2027, (D(2027, 2, 13), "Spring Festival")],
    )

    assert state(deadline) == (D(2027, 2, 16), D(2027, 2, 16), False)
    assert [(m.old_due, m.new_due, m.earlier) for m in load.outcome.moves] == [
        (D(2027, 2, 17), D(2027, 2, 16), True)
    ]
    assert deadline.history.count() == versions + 1
    assert deadline.history.first().history_change_reason == (
        "Official 2027 calendar loaded: 国办发明电〔2026〕99号 (corrected)"
    )


def test_deleting_the_year_falls_back_to_the_statutory_days():
    load_2027()
    deadline = serve(D(2027, 2, 4))
    assert state(deadline)[0] == D(2027, 2, 17)

    outcome = calendar_year_delete(year=2027)

    # Unpublished: Fri 02-05 eve, Sat 06, Sun 07 and Mon 08 (Spring Festival days 1-3) are
    # statutory; Tue 09, Wed 10, Thu 11 -> due Thu 11; no weekend before it: earliest the same.
    assert state(deadline) == (D(2027, 2, 11), D(2027, 2, 11), True)
    assert [(m.old_due, m.new_due) for m in outcome.moves] == [(D(2027, 2, 17), D(2027, 2, 11))]
    assert deadline.history.first().history_change_reason.startswith(
        "Official 2027 calendar removed"
    )
    assert not OfficialYear.objects.exists() and not CalendarAdjustment.objects.exists()


def test_a_date_not_counted_through_the_year_is_left_alone():
    untouched = serve(D(2026, 6, 1))  # Tue 02, Wed 03, Thu 04 June 2026: nothing in 2027
    versions = untouched.history.count()
    touched = serve(D(2026, 12, 30))

    load = load_2027()

    assert load.outcome.recomputed == 1
    assert untouched.history.count() == versions
    assert [m.deadline_id for m in load.outcome.moves] == [touched.pk]


def test_the_affected_deadlines_are_found_by_their_counting_span():
    from deadlines.calendar_sync import touching_years

    spans = {
        "inside": (D(2027, 3, 1), D(2027, 3, 4)),
        "starts before": (D(2026, 12, 31), D(2027, 1, 5)),
        "ends after": (D(2027, 12, 30), D(2028, 1, 4)),
        "before": (D(2026, 12, 1), D(2026, 12, 31)),
        "after": (D(2028, 1, 1), D(2028, 1, 5)),
    }
    for name, (first, last) in spans.items():
        deadline = serve(D(2026, 6, 1))
        Deadline.objects.filter(pk=deadline.pk).update(
            calendar_from=first, calendar_until=last, title=name
        )

    found = Deadline.objects.filter(touching_years({2027})).values_list("title", flat=True)

    assert sorted(found) == ["ends after", "inside", "starts before"]


def test_a_bad_schedule_is_refused_and_changes_nothing():
    deadline = serve(D(2026, 12, 30))
    before = state(deadline)

    with pytest.raises(ValidationError) as refused:
        load_2027(working_days=[(D(2027, 1, 4), "Not a weekend day")])

    assert "only a Saturday or Sunday" in str(refused.value)
    assert not OfficialYear.objects.exists()
    assert state(deadline) == before


def test_a_preview_lists_the_moves_and_keeps_nothing():
    deadline = serve(D(2027, 9, 30))
    before = state(deadline)
    versions = deadline.history.count()

    preview = load_2027(dry_run=True)

    assert [(m.old_due, m.new_due) for m in preview.outcome.moves] == [
        (D(2027, 10, 6), D(2027, 10, 11))
    ]
    assert not OfficialYear.objects.exists()
    assert state(deadline) == before
    assert deadline.history.count() == versions
    load = load_2027()
    assert load.outcome.moves == preview.outcome.moves


def test_a_provisional_explanation_names_the_assumed_days_and_the_earliest_date():
    deadline = serve(D(2026, 12, 30))

    assert "PROVISIONAL" in deadline.explanation
    assert "(assumed off: 2027-01-01 New Year's Day)" in deadline.explanation
    assert (
        "could be as early as 2027-01-03 (Sunday); the act-by date is counted from it."
        in deadline.explanation
    )
    # The act-by is a known working day on or before that earliest date: Thu 2026-12-31.
    assert deadline.act_by == D(2026, 12, 31)
    assert deadline.basis["earliest"] == "2027-01-03"
    assert deadline.basis["assumed_days_off"] == [
        ["2027-01-01", "New Year's Day (statutory day off, assumed)"]
    ]
