"""The E-Commerce Law art. 43(2) window, worked out by hand on China's 2025 calendar.

15 calendar days, day 1 the day after the counter-notice reached the right holder (CC art. 201);
a last day that is a rest day moves to the next working day (CC art. 203). Holidays inside the
window do not lengthen it. Pure: no database.
"""

import datetime as dt

import pytest

from calendars.workdays import WorkdayCalendar
from deadlines.engine import deadlines_for_complaint
from deadlines.facts import ComplaintFacts

D = dt.date
CAL = WorkdayCalendar()


def window(received_on, **facts):
    (computed,) = deadlines_for_complaint(
        ComplaintFacts(3, counter_notice_received_on=received_on, **facts), CAL
    )
    return computed


# Act by: 3 days before the legal date, stepped back to a working day (deadlines.engine).
@pytest.mark.parametrize(
    ("received_on", "nominal", "due", "act_by"),
    [
        # Weekend: received Fri 2025-03-07; day 1 = Sat 03-08, day 15 = Sat 03-22 (rest),
        # Sun 03-23 (rest) -> due Mon 2025-03-24; act by Fri 03-21.
        (D(2025, 3, 7), D(2025, 3, 22), D(2025, 3, 24), D(2025, 3, 21)),
        # Holiday: received Wed 2025-09-17; day 15 = Thu 10-02, inside National Day and
        # Mid-Autumn (10-01 to 10-08 off) -> due Thu 2025-10-09; 3 days before is Mon 10-06
        # (off), back to Tue 09-30, the last working day.
        (D(2025, 9, 17), D(2025, 10, 2), D(2025, 10, 9), D(2025, 9, 30)),
        # Swapped working day: received Fri 2025-09-26; day 15 = Sat 10-11, a swapped working
        # day, so no roll-over although the window crosses the 8-day holiday -> due Sat 10-11;
        # act by: Wed 10-08 is off -> Tue 09-30.
        (D(2025, 9, 26), D(2025, 10, 11), D(2025, 10, 11), D(2025, 9, 30)),
        # Received on a rest day (Sun 2025-10-05, holiday): day 1 = 10-06, day 15 = Mon 10-20;
        # act by Fri 10-17.
        (D(2025, 10, 5), D(2025, 10, 20), D(2025, 10, 20), D(2025, 10, 17)),
    ],
    ids=[
        "last-day-weekend",
        "last-day-holiday",
        "last-day-swapped-working-day",
        "received-on-holiday",
    ],
)
def test_counter_notice_window(received_on, nominal, due, act_by):
    computed = window(received_on)
    assert (computed.rule.id, computed.due) == ("ecommerce_counter_notice", due)
    assert computed.basis["nominal"] == nominal.isoformat()
    assert computed.rule.critical
    assert computed.act_by == act_by


def test_the_explanation_names_the_law_the_count_and_the_roll_over():
    text = window(D(2025, 9, 17)).explanation
    assert "E-Commerce Law art. 43(2)" in text
    assert "Civil Code arts. 201, 203" in text
    assert "15 calendar days after it" in text
    assert "Day 1 is the day after 2025-09-17; day 15 is 2025-10-02." in text
    assert "moves to the next working day 2025-10-09" in text
    assert "2025-10-02 National Day" in text


def test_filing_a_complaint_or_suit_meets_the_window():
    computed = window(D(2025, 3, 7), action_filed_on=D(2025, 3, 20))
    assert computed.satisfied_on == D(2025, 3, 20)


def test_no_counter_notice_no_window():
    assert deadlines_for_complaint(ComplaintFacts(3), CAL) == []
