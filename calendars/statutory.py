"""The statutory days off fixed by the National Holidays Measures, for any year. Pure.

Before the State Council publishes a year's schedule, these days are already known by law
(全国年节及纪念日放假办法 art. 2, domain-rules §4.1); only the swapped working weekends and the
weekdays given in lieu of a holiday on a weekend are not. Lunar dates come from `lunardate`,
Qingming (a solar term) from `chinesecalendar`'s solar-term formula.
"""

import datetime as dt
import functools

import chinese_calendar
from lunardate import LunarDate

ONE_DAY = dt.timedelta(days=1)

# The 2013 text (in force 2014-01-01) gives 11 days; the 2024 revision (in force 2025-01-01)
# adds Spring Festival eve and 2 May: 13 days.
FIRST_YEAR = 2014
LAST_YEAR = 2099  # lunardate's tables end with 2099
THIRTEEN_DAY_RULE_FROM = 2025

# A swapped working weekend day has always fallen within this many days of a statutory day off
# (every year 2014-2026 in chinesecalendar, including the New Year swaps of the previous
# December; the one-off 2015 war-anniversary swap is not a Measures holiday). Tested in
# tests/calendars/test_statutory.py.
SWAP_REACH_DAYS = 10


def _lunar(year: int, month: int, day: int) -> dt.date:
    return LunarDate(year, month, day).to_solar_date()


def _qingming(year: int) -> dt.date:
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
    return next(day for day, name in terms if name == "清明")


@functools.lru_cache(maxsize=64)
def statutory_days_off(year: int) -> dict[dt.date, str]:
    """Each statutory day off of `year` with its holiday name (Measures art. 2).

    Empty outside FIRST_YEAR..LAST_YEAR: nothing is assumed there (weekends only).
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return {}
    spring = _lunar(year, 1, 1)
    days = {
        dt.date(year, 1, 1): "New Year's Day",
        spring: "Spring Festival",
        spring + ONE_DAY: "Spring Festival",
        spring + 2 * ONE_DAY: "Spring Festival",
        _qingming(year): "Qingming Festival",
        dt.date(year, 5, 1): "Labour Day",
        _lunar(year, 5, 5): "Dragon Boat Festival",
        _lunar(year, 8, 15): "Mid-Autumn Festival",
        dt.date(year, 10, 1): "National Day",
        dt.date(year, 10, 2): "National Day",
        dt.date(year, 10, 3): "National Day",
    }
    if year >= THIRTEEN_DAY_RULE_FROM:
        days[spring - ONE_DAY] = "Spring Festival eve"
        days[dt.date(year, 5, 2)] = "Labour Day"
    return dict(sorted(days.items()))


def near_statutory_day(day: dt.date) -> bool:
    """Whether `day` lies within SWAP_REACH_DAYS of a statutory day off (any year around it)."""
    for year in (day.year - 1, day.year, day.year + 1):
        if any(abs((day - off).days) <= SWAP_REACH_DAYS for off in statutory_days_off(year)):
            return True
    return False


def may_become_working_day(day: dt.date) -> bool:
    """A weekend day that the unpublished schedule could turn into a working day (调休上班)."""
    return (
        day.weekday() >= 5 and day not in statutory_days_off(day.year) and near_statutory_day(day)
    )
