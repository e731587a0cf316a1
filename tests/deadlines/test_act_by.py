"""Act-by dates are China working days on or before the legal date (issue 8 item 7).

The rule: start from the rule's safety margin before the legal date (or from a provisional
deadline's earliest possible date, if sooner) and step back over rest days. Swapped weekend
working days are working days (domain-rules §4.3). Milestones are dates to know, not acts.
Pure: no database.
"""

import datetime as dt
from dataclasses import replace

import pytest

from calendars.workdays import WorkdayCalendar, day_status
from deadlines.engine import act_by_date, deadlines_for_right, time_left
from deadlines.facts import NoticeFacts, RecordalFacts, RightFacts
from deadlines.models import Deadline
from deadlines.rules import RULES
from deadlines.selectors import deadline_time_left

D = dt.date
CAL = WorkdayCalendar()
ACT = replace(RULES["customs_record"], act_by_days=0)  # an act with no margin
ONE_DAY_MARGIN = RULES["patent_annuity"]  # act_by_days=1
MONTH_MARGIN = RULES["trademark_renewal_due"]  # act_by_days=30

# (why, rule, legal date, earliest possible date or None, act-by)
TABLE = [
    ("a working day with no margin stays", ACT, D(2025, 9, 30), None, D(2025, 9, 30)),
    # Wed 2025-10-08 is the last National Day/Mid-Autumn day off (10-01 to 10-08): Tue 09-30.
    (
        "a holiday with no margin goes back to the last working day",
        ACT,
        D(2025, 10, 8),
        None,
        D(2025, 9, 30),
    ),
    # One day before Mon 2025-10-13 is Sun 10-12 (off); Sat 10-11 is a swapped working day.
    (
        "a swapped working Saturday is a working day",
        ONE_DAY_MARGIN,
        D(2025, 10, 13),
        None,
        D(2025, 10, 11),
    ),
    # 30 days before Wed 2026-05-06 is Mon 04-06, Qingming (04-04 to 04-06): Fri 04-03.
    (
        "a 30-day margin landing on Qingming goes back to Friday",
        MONTH_MARGIN,
        D(2026, 5, 6),
        None,
        D(2026, 4, 3),
    ),
    # The earliest date Sun 2026-10-04 (National Day, 10-01 to 10-07 off) is sooner than the
    # margin: back to Wed 2026-09-30.
    (
        "an earlier possible date wins, then steps back",
        ACT,
        D(2026, 10, 12),
        D(2026, 10, 4),
        D(2026, 9, 30),
    ),
    (
        "an earliest date later than the margin does not move it",
        MONTH_MARGIN,
        D(2026, 5, 6),
        D(2026, 5, 6),
        D(2026, 4, 3),
    ),
    # A milestone (a window opening on Sun 2025-11-09) is a date to know: no act, no margin.
    (
        "a milestone keeps its own date",
        RULES["recordal_renewal_window_opens"],
        D(2025, 11, 9),
        None,
        D(2025, 11, 9),
    ),
]


@pytest.mark.parametrize(
    ("why", "rule", "due", "earliest", "act_by"), TABLE, ids=[r[0] for r in TABLE]
)
def test_act_by_is_the_last_working_day_within_the_margin(why, rule, due, earliest, act_by):
    assert act_by_date(due=due, rule=rule, calendar=CAL, earliest=earliest) == act_by


def _rights_over_two_years():
    """Rights whose dates fall on every day of 2025-2026: each act's act-by is checked."""
    day = D(2015, 1, 1)
    while day < D(2017, 1, 1):
        yield RightFacts(
            id=1,
            kind="invention",
            jurisdiction="CN",
            status="granted",
            filing_date=day,
            grant_date=day + dt.timedelta(days=400),
            annuities_paid_through=10,
        )
        yield RightFacts(
            id=2,
            kind="trademark",
            jurisdiction="CN",
            status="registered",
            filing_date=day - dt.timedelta(days=400),
            registration_date=day,
            recordals=(
                RecordalFacts(
                    7,
                    "active",
                    day,
                    day + dt.timedelta(days=30),
                    None,
                    (),
                    (NoticeFacts(9, "ex_officio", day + dt.timedelta(days=3650)),),
                ),
            ),
        )
        day += dt.timedelta(days=1)


def test_no_act_by_date_falls_on_a_rest_day_or_after_the_legal_date():
    seen = set()
    for facts in _rights_over_two_years():
        for c in deadlines_for_right(facts, CAL):
            if c.rule.milestone:
                continue
            seen.add(c.rule.id)
            assert c.act_by <= c.due, c.title
            assert day_status(c.act_by, CAL).working, (c.title, c.due, c.act_by)
            if c.act_by != c.due:
                assert f"Act by {c.act_by.isoformat()}" in c.explanation
    assert {
        "patent_annuity",
        "trademark_renewal_due",
        "recordal_expiry",
        "customs_record",
        "customs_notice_response",
    } <= seen


# (why, act-by, legal date, today, days left to act, days to the legal date)
TIME_LEFT = [
    ("30 days to act, 63 to the legal date", D(2026, 4, 3), D(2026, 5, 6), D(2026, 3, 4), 30, 63),
    ("act today", D(2026, 4, 3), D(2026, 5, 6), D(2026, 4, 3), 0, 33),
    ("due today, act-by passed", D(2026, 5, 5), D(2026, 5, 6), D(2026, 5, 6), -1, 0),
]


@pytest.mark.parametrize(
    ("why", "act_by", "due", "today", "to_act", "to_due"), TIME_LEFT, ids=[r[0] for r in TIME_LEFT]
)
def test_time_left_counts_to_the_act_by_date_and_to_the_legal_date(
    why, act_by, due, today, to_act, to_due
):
    left = time_left(act_by=act_by, due=due, today=today)

    assert (left.to_act_by, left.to_due) == (to_act, to_due)
    assert left.act_today is (to_act == 0)
    assert left.due_today is (to_due == 0)


def test_the_selector_reads_the_stored_act_by_and_legal_date():
    row = Deadline(act_by=D(2026, 4, 3), due_date=D(2026, 5, 6))

    left = deadline_time_left(row, today=D(2026, 4, 1))

    assert (left.to_act_by, left.to_due) == (2, 35)
