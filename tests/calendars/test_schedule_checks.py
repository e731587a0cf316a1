"""The checks every calendar change goes through (calendars.services.schedule_problems). Pure."""

import datetime as dt

import pytest

from calendars.services import schedule_problems
from tests.calendars.made_up_2027 import DAYS_OFF_2027, WORKING_DAYS_2027

D = dt.date


def without(days, day):
    return [(d, n) for d, n in days if d != day]


CASES = [
    pytest.param(DAYS_OFF_2027, WORKING_DAYS_2027, [], id="the made-up 2027 schedule passes"),
    pytest.param(
        DAYS_OFF_2027,
        [*WORKING_DAYS_2027, (D(2027, 1, 4), "x")],
        [(D(2027, 1, 4), "2027-01-04 is a Monday: only a Saturday or Sunday")],
        id="a working day on a weekday",
    ),
    pytest.param(
        without(DAYS_OFF_2027, D(2027, 10, 2)),
        [*WORKING_DAYS_2027, (D(2027, 10, 2), "National Day")],
        [(D(2027, 10, 2), "2027-10-02 is a statutory day off (National Day")],
        id="a statutory day (Sat 10-02) as a working day",
    ),
    pytest.param(
        without(DAYS_OFF_2027, D(2027, 2, 5)),
        WORKING_DAYS_2027,
        [(D(2027, 2, 5), "2027-02-05 (Friday) is a statutory day off (Spring Festival eve")],
        id="Spring Festival eve (Fri, 13-day rule from 2025) missing",
    ),
    pytest.param(
        DAYS_OFF_2027,
        [*WORKING_DAYS_2027, (D(2027, 5, 1), "Labour Day")],
        [
            (D(2027, 5, 1), "2027-05-01 is listed both as a day off and as a working day"),
            (D(2027, 5, 1), "2027-05-01 is a statutory day off (Labour Day"),
        ],
        id="a day both off and working",
    ),
    pytest.param(
        [*DAYS_OFF_2027, (D(2028, 1, 3), "x")],
        WORKING_DAYS_2027,
        [(D(2028, 1, 3), "2028-01-03 (day off) is not in 2027")],
        id="a day of another year",
    ),
]


@pytest.mark.parametrize(("days_off", "working_days", "expected"), CASES)
def test_schedule_problems_name_the_day(days_off, working_days, expected):
    problems = schedule_problems(year=2027, days_off=days_off, working_days=working_days)

    assert len(problems) == len(expected)
    for (day, message, _rule), (expected_day, start) in zip(problems, expected, strict=True):
        assert day == expected_day
        assert message.startswith(start), message
