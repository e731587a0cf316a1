"""Unpublished years: the statutory days off of the Holidays Measures (issue 8 item 2). Pure.

The lunar dates are checked against the published schedules that chinesecalendar holds: in every
year it covers since the 2013 text took effect, each statutory day is a day off there, and each
swapped working weekend day is one we call possible.
"""

import datetime as dt

import chinese_calendar
import pytest

from calendars.statutory import may_become_working_day, statutory_days_off
from calendars.workdays import WorkdayCalendar, add_working_days, day_status, roll_forward

D = dt.date
UNPUBLISHED = WorkdayCalendar()  # 2027 is neither loaded nor in the library


def test_2027_statutory_days_by_hand():
    # New Year Fri 01-01; lunar New Year 2027-02-06 (stack-notes), so eve Fri 02-05 and days
    # 1-3 Sat 06..Mon 08; Qingming solar term Mon 04-05; 1-2 May; Dragon Boat (5/5) Wed 06-09;
    # Mid-Autumn (8/15) Wed 09-15; 1-3 Oct. 13 days (2024 revision, in force 2025).
    assert statutory_days_off(2027) == {
        D(2027, 1, 1): "New Year's Day",
        D(2027, 2, 5): "Spring Festival eve",
        D(2027, 2, 6): "Spring Festival",
        D(2027, 2, 7): "Spring Festival",
        D(2027, 2, 8): "Spring Festival",
        D(2027, 4, 5): "Qingming Festival",
        D(2027, 5, 1): "Labour Day",
        D(2027, 5, 2): "Labour Day",
        D(2027, 6, 9): "Dragon Boat Festival",
        D(2027, 9, 15): "Mid-Autumn Festival",
        D(2027, 10, 1): "National Day",
        D(2027, 10, 2): "National Day",
        D(2027, 10, 3): "National Day",
    }


def test_before_2025_there_are_eleven_days_without_the_eve_and_2_may():
    days = statutory_days_off(2024)
    assert len(days) == 11
    assert D(2024, 2, 9) not in days and D(2024, 5, 2) not in days  # eve of 2024-02-10
    assert len(statutory_days_off(2025)) == 13


@pytest.mark.parametrize("year", range(2014, 2027))
def test_every_statutory_day_is_off_in_the_published_schedules(year):
    assert [d for d in statutory_days_off(year) if chinese_calendar.is_workday(d)] == []


@pytest.mark.parametrize("year", range(2014, 2027))
def test_every_published_swapped_working_day_was_possible(year):
    swapped = [d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5]
    # 2015-09-06 made up for the one-off war-anniversary holiday, not a Measures holiday.
    missed = [d for d in swapped if not may_become_working_day(d) and d != D(2015, 9, 6)]
    assert missed == []


def test_a_statutory_day_of_an_unpublished_year_is_an_assumed_day_off():
    status = day_status(D(2027, 10, 1), UNPUBLISHED)

    assert (status.working, status.provisional, status.assumed) == (False, True, True)
    assert status.reason == "National Day (statutory day off, assumed)"


# (served, days, due, earliest) in unpublished 2027/2028, worked by hand.
COUNTS = [
    pytest.param(
        D(2027, 9, 24),
        3,
        # Sat 25, Sun 26 rest but within reach of National Day; Mon 27, Tue 28, Wed 29.
        D(2027, 9, 29),
        # Counting Sat 25 and Sun 26 as possible working days: Sat 25, Sun 26, Mon 27.
        D(2027, 9, 27),
        id="weekend before National Day could be swapped",
    ),
    pytest.param(
        D(2027, 9, 30),
        3,
        # Fri 10-01, Sat 02, Sun 03 statutory (never working); Mon 04, Tue 05, Wed 06.
        D(2027, 10, 6),
        D(2027, 10, 6),
        id="National Day: statutory weekend days are never swapped",
    ),
    pytest.param(
        D(2027, 12, 29),
        3,
        # Thu 30, Fri 31; Sat 2028-01-01 statutory; Sun 02 rest; Mon 03 -> due Mon 03.
        D(2028, 1, 3),
        # Sun 2028-01-02 (1 day after New Year) could be swapped: Thu 30, Fri 31, Sun 02.
        D(2028, 1, 2),
        id="into unpublished 2028 over New Year",
    ),
    pytest.param(
        D(2027, 3, 10),
        3,
        # Thu 11, Fri 12, (Sat 13, Sun 14 far from any holiday) Mon 15.
        D(2027, 3, 15),
        D(2027, 3, 15),
        id="a plain March week: the earliest is the date itself",
    ),
]


@pytest.mark.parametrize(("served", "days", "due", "earliest"), COUNTS)
def test_unpublished_count_gives_the_date_and_the_earliest(served, days, due, earliest):
    result = add_working_days(served, days, UNPUBLISHED)

    assert (result.due, result.earliest, result.provisional) == (due, earliest, True)


def test_the_assumed_days_are_listed():
    result = add_working_days(D(2027, 9, 30), 3, UNPUBLISHED)

    assert [(s.day, s.reason) for s in result.assumed] == [
        (D(2027, 10, d), "National Day (statutory day off, assumed)") for d in (1, 2, 3)
    ]


ROLLS = [
    # Sat 02-06, Sun 07, Mon 08 are Spring Festival days 1-3: due Tue 09; nothing earlier.
    pytest.param(D(2027, 2, 6), D(2027, 2, 9), D(2027, 2, 9), id="Spring Festival"),
    # Sat 01-30 is 6 days before the eve: it could be a working day itself.
    pytest.param(D(2027, 1, 30), D(2027, 2, 1), D(2027, 1, 30), id="weekend before the eve"),
]


@pytest.mark.parametrize(("nominal", "due", "earliest"), ROLLS)
def test_unpublished_roll_forward(nominal, due, earliest):
    rolled = roll_forward(nominal, UNPUBLISHED)

    assert (rolled.due, rolled.earliest, rolled.provisional) == (due, earliest, True)


def test_a_published_year_has_no_earliest():
    assert add_working_days(D(2026, 9, 24), 3, UNPUBLISHED).earliest is None
