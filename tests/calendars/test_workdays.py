"""China working days (domain-rules §4 and §6): pure tests, no database."""

import datetime as dt

import holidays
import pytest

from calendars.statutory import statutory_days_off
from calendars.workdays import (
    DayOverride,
    WorkdayCalendar,
    add_working_days,
    day_status,
    roll_forward,
)

D = dt.date
CAL = WorkdayCalendar()


def _days(year: int):
    day = D(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


# --- §6 worked examples: 3 working days after a customs notice served on D ------------------

SIX_WORKED_EXAMPLES = [
    pytest.param(
        D(2025, 9, 30),
        D(2025, 10, 11),
        [D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 11)],
        [D(2025, 10, d) for d in range(1, 9)],
        [D(2025, 10, 11)],
        id="2025-09-30 National Day, swapped Saturday 10-11 is WD 3",
    ),
    pytest.param(
        D(2026, 2, 13),
        D(2026, 2, 25),
        [D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 25)],
        [D(2026, 2, d) for d in range(15, 24)],
        [D(2026, 2, 14)],
        id="2026-02-13 Spring Festival, swapped Saturday 02-14 is WD 1",
    ),
    pytest.param(
        D(2024, 4, 30),
        D(2024, 5, 8),
        [D(2024, 5, 6), D(2024, 5, 7), D(2024, 5, 8)],
        [D(2024, 5, d) for d in range(1, 6)],
        [],
        id="2024-04-30 Labour Day, swapped Sunday 04-28 is before service",
    ),
    pytest.param(
        D(2025, 9, 27),
        D(2025, 9, 30),
        [D(2025, 9, 28), D(2025, 9, 29), D(2025, 9, 30)],
        [],
        [D(2025, 9, 28)],
        id="served on a Saturday day off 2025-09-27, day 1 is the swapped Sunday",
    ),
]


@pytest.mark.parametrize(("served", "due", "counted", "skipped", "swapped"), SIX_WORKED_EXAMPLES)
def test_three_working_days_after_service_match_the_worked_examples(
    served, due, counted, skipped, swapped
):
    result = add_working_days(served, 3, CAL)

    assert result.due == due
    assert list(result.counted) == counted
    assert [s.day for s in result.skipped] == skipped
    assert all(not s.working and not s.provisional for s in result.skipped)
    assert list(result.swapped) == swapped
    assert result.provisional is False


def test_skipped_days_name_the_holiday():
    result = add_working_days(D(2025, 9, 30), 3, CAL)
    reasons = {s.day: s.reason for s in result.skipped}

    assert reasons[D(2025, 10, 1)] == "National Day"
    assert "Mid-autumn" in reasons[D(2025, 10, 6)]


def test_swapped_working_day_status_says_swapped():
    status = day_status(D(2025, 10, 11), CAL)

    assert status.working is True
    assert status.provisional is False
    assert "swapped working day" in status.reason


def test_a_working_day_period_must_be_at_least_one_day():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 9, 30), 0, CAL)


# --- cross-check with an independent library ------------------------------------------------


def test_working_days_2024_to_2026_agree_day_by_day_with_holidays_china():
    reference = holidays.China(years=[2024, 2025, 2026])
    differences = [
        day
        for year in (2024, 2025, 2026)
        for day in _days(year)
        if day_status(day, CAL).working != reference.is_working_day(day)
    ]

    assert differences == []
    assert sum(1 for y in (2024, 2025, 2026) for _ in _days(y)) == 366 + 365 + 365


def test_official_years_are_not_provisional():
    assert not any(day_status(day, CAL).provisional for y in (2024, 2025, 2026) for day in _days(y))


# --- §4.2 weekdays off, exactly --------------------------------------------------------------


def _md(*spans):
    """'01-01' or ('02-12', '02-16') for an inclusive run of days."""
    out = []
    for span in spans:
        first, last = span if isinstance(span, tuple) else (span, span)
        m1, d1 = map(int, first.split("-"))
        m2, d2 = map(int, last.split("-"))
        day, end = D(2000, m1, d1), D(2000, m2, d2)
        while day <= end:
            out.append(day.strftime("%m-%d"))
            day += dt.timedelta(days=1)
    return out


WEEKDAYS_OFF = {
    2024: _md(
        "01-01",
        ("02-12", "02-16"),
        "04-04",
        "04-05",
        ("05-01", "05-03"),
        "06-10",
        "09-16",
        "09-17",
        ("10-01", "10-04"),
        "10-07",
    ),
    2025: _md(
        "01-01",
        ("01-28", "01-31"),
        "02-03",
        "02-04",
        "04-04",
        "05-01",
        "05-02",
        "05-05",
        "06-02",
        ("10-01", "10-03"),
        ("10-06", "10-08"),
    ),
    2026: _md(
        "01-01",
        "01-02",
        ("02-16", "02-20"),
        "02-23",
        "04-06",
        "05-01",
        "05-04",
        "05-05",
        "06-19",
        "09-25",
        "10-01",
        "10-02",
        ("10-05", "10-07"),
    ),
}

WORKING_WEEKEND_DAYS = {
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_weekdays_off_are_exactly_the_official_list(year):
    off = [
        d.strftime("%m-%d")
        for d in _days(year)
        if d.weekday() < 5 and not day_status(d, CAL).working
    ]

    assert off == WEEKDAYS_OFF[year]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_working_weekend_days_are_exactly_the_official_swaps(year):
    working_weekend = [
        d.strftime("%m-%d") for d in _days(year) if d.weekday() >= 5 and day_status(d, CAL).working
    ]

    assert working_weekend == WORKING_WEEKEND_DAYS[year]


# --- a year without an official schedule: 2027 -----------------------------------------------


def test_2027_without_a_notice_is_weekends_and_statutory_days_and_provisional():
    statuses = [day_status(day, CAL) for day in _days(2027)]

    assert all(s.provisional for s in statuses)
    assert [s.day for s in statuses if not s.working] == [
        s.day for s in statuses if s.day.weekday() >= 5 or s.day in statutory_days_off(2027)
    ]
    # New Year's Day is fixed by the Holidays Measures even before the notice (issue 8 item 2).
    assert day_status(D(2027, 1, 1), CAL).working is False


def test_a_count_reaching_2027_is_provisional():
    result = add_working_days(D(2026, 12, 30), 3, CAL)

    # Thu 12-31; Fri 01-01 New Year's Day (statutory); Sat, Sun; Mon 04; Tue 05.
    assert result.due == D(2027, 1, 5)
    assert result.counted == (D(2026, 12, 31), D(2027, 1, 4), D(2027, 1, 5))
    assert result.provisional is True


def test_a_count_inside_2026_is_not_provisional():
    assert add_working_days(D(2026, 12, 28), 3, CAL).provisional is False


# Invented adjustments for the test: the real 2027 notice was not published when this was written.
SWAPPED_SATURDAY_2027 = D(2027, 2, 20)
WEEKDAY_OFF_2027 = D(2027, 2, 8)
LOADED_2027 = WorkdayCalendar(
    loaded_years=frozenset({2027}),
    overrides={
        SWAPPED_SATURDAY_2027: DayOverride(True, "Spring Festival"),
        WEEKDAY_OFF_2027: DayOverride(False, "Spring Festival"),
    },
)


def test_loaded_2027_adjustments_make_a_listed_saturday_a_working_day():
    status = day_status(SWAPPED_SATURDAY_2027, LOADED_2027)

    assert status.working is True
    assert status.provisional is False
    assert status.reason == "swapped working day (Spring Festival)"


def test_loaded_2027_adjustments_make_a_listed_weekday_a_day_off():
    status = day_status(WEEKDAY_OFF_2027, LOADED_2027)

    assert status.working is False
    assert status.provisional is False
    assert status.reason == "Spring Festival"


def test_a_loaded_2027_is_official_everywhere_and_plain_weeks_elsewhere():
    statuses = {day: day_status(day, LOADED_2027) for day in _days(2027)}

    assert not any(s.provisional for s in statuses.values())
    for day, status in statuses.items():
        if day not in LOADED_2027.overrides:
            assert status.working == (day.weekday() < 5), day


def test_a_count_over_loaded_2027_adjustments_uses_them():
    # Fri 2027-02-05: Mon 02-08 is off, so WD 1-3 are 02-09, 02-10, 02-11.
    result = add_working_days(D(2027, 2, 5), 3, LOADED_2027)
    assert result.due == D(2027, 2, 11)
    assert result.provisional is False

    # Fri 2027-02-19: the swapped Saturday 02-20 is WD 1.
    result = add_working_days(D(2027, 2, 19), 3, LOADED_2027)
    assert result.counted == (D(2027, 2, 20), D(2027, 2, 22), D(2027, 2, 23))
    assert result.swapped == (D(2027, 2, 20),)


def test_an_override_beats_the_library_in_a_covered_year():
    calendar = WorkdayCalendar(overrides={D(2026, 3, 2): DayOverride(False, "Local holiday")})

    assert day_status(D(2026, 3, 2), calendar).working is False
    assert day_status(D(2026, 3, 2), CAL).working is True


# --- roll-over of a calendar period ending on a rest day (PIR art. 5) --------------------------


def test_a_period_ending_on_a_holiday_rolls_to_the_next_working_day():
    rolled = roll_forward(D(2025, 10, 4), CAL)

    assert rolled.due == D(2025, 10, 9)
    assert [s.day for s in rolled.skipped] == [D(2025, 10, d) for d in range(4, 9)]
    assert rolled.provisional is False


def test_a_period_ending_on_a_swapped_working_day_stays():
    rolled = roll_forward(D(2025, 10, 11), CAL)

    assert rolled.due == D(2025, 10, 11)
    assert rolled.skipped == ()


def test_a_period_ending_on_an_ordinary_sunday_rolls_to_monday():
    assert roll_forward(D(2025, 11, 16), CAL).due == D(2025, 11, 17)


def test_a_roll_over_in_2027_is_provisional():
    rolled = roll_forward(D(2027, 1, 2), CAL)

    assert rolled.due == D(2027, 1, 4)
    assert rolled.provisional is True
