"""China working days, pure: no ORM, no "now".

The base is `chinesecalendar` (official State Council schedules, including the swapped weekend
working days); `WorkdayCalendar.overrides` carries official adjustments loaded by an admin. A year
that neither knows is counted with what the law already fixes: weekends and the statutory days
off of the National Holidays Measures (`statutory`), and the result is marked provisional. Its
swapped working weekends are unknown, so a provisional count also gives the earliest date the
real schedule could produce (every weekend day near a holiday counted as a possible working day).
"""

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import chinese_calendar

from .statutory import may_become_working_day, statutory_days_off

ONE_DAY = dt.timedelta(days=1)


@functools.lru_cache(maxsize=256)
def library_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 30))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=16_384)
def _library_day(day: dt.date) -> tuple[bool, str | None]:
    """The library's answer for a day (working?, holiday name): its data is fixed for the life
    of the process, and its lookup is slow. Every calendar built in the process shares it."""
    _, name = chinese_calendar.get_holiday_detail(day)
    return chinese_calendar.is_workday(day), name


@dataclass(frozen=True)
class DayOverride:
    working: bool
    name: str = ""


@dataclass(frozen=True)
class WorkdayCalendar:
    """The official schedule as known now: library years plus admin-loaded years and days."""

    loaded_years: frozenset[int] = frozenset()
    overrides: Mapping[dt.date, DayOverride] = field(default_factory=dict)
    # Each day's status, worked out once for this calendar (it never changes once built; a
    # changed schedule is a new calendar). An import counts the same few thousand days for
    # every right, and the library's own lookup is slow.
    _statuses: dict = field(default_factory=dict, compare=False, repr=False)

    def is_official(self, year: int) -> bool:
        return year in self.loaded_years or library_covers(year)


@dataclass(frozen=True)
class DayStatus:
    day: dt.date
    working: bool
    provisional: bool
    reason: str  # e.g. "weekend", "National Day", "swapped working day (Spring Festival)"
    assumed: bool = False  # a statutory day off of a year whose schedule is not published
    maybe_working: bool = False  # an unpublished year's weekend day that could be swapped


@dataclass(frozen=True)
class WorkingDayCount:
    start: dt.date
    days: int
    due: dt.date
    counted: tuple[dt.date, ...]
    skipped: tuple[DayStatus, ...]
    swapped: tuple[dt.date, ...]  # counted days that are swapped weekend working days
    provisional: bool
    earliest: dt.date | None = None  # provisional: the earliest the real schedule could give

    @property
    def assumed(self) -> tuple[DayStatus, ...]:
        return tuple(s for s in self.skipped if s.assumed)


@dataclass(frozen=True)
class RollForward:
    nominal: dt.date
    due: dt.date
    skipped: tuple[DayStatus, ...]
    provisional: bool
    earliest: dt.date | None = None

    @property
    def assumed(self) -> tuple[DayStatus, ...]:
        return tuple(s for s in self.skipped if s.assumed)


def day_status(day: dt.date, calendar: WorkdayCalendar) -> DayStatus:
    status = calendar._statuses.get(day)
    if status is None:
        status = calendar._statuses[day] = _day_status(day, calendar)
    return status


def _day_status(day: dt.date, calendar: WorkdayCalendar) -> DayStatus:
    weekend = day.weekday() >= 5
    override = calendar.overrides.get(day)
    if override is not None:
        reason = override.name or ("official working day" if override.working else "day off")
        if override.working and weekend:
            reason = f"swapped working day ({override.name})" if override.name else reason
        return DayStatus(day, override.working, False, reason)
    if calendar.is_official(day.year) and library_covers(day.year):
        working, name = _library_day(day)
        if working:
            reason = f"swapped working day ({name})" if weekend else "working day"
        else:
            reason = name or "weekend"
        return DayStatus(day, working, False, reason)
    if calendar.is_official(day.year):
        # A loaded year: only the listed days differ from the plain week.
        return DayStatus(day, not weekend, False, "weekend" if weekend else "working day")
    statutory = statutory_days_off(day.year).get(day)
    if statutory:
        return DayStatus(
            day, False, True, f"{statutory} (statutory day off, assumed)", assumed=True
        )
    if weekend:
        maybe = may_become_working_day(day)
        reason = "weekend" + (", could become a swapped working day" if maybe else "")
        return DayStatus(
            day, False, True, f"{reason} (no official schedule for this year)", maybe_working=maybe
        )
    return DayStatus(day, True, True, "working day (no official schedule for this year)")


def _possibly_working(status: DayStatus) -> bool:
    return status.working or status.maybe_working


def _earliest_count(start: dt.date, days: int, calendar: WorkdayCalendar) -> dt.date:
    """The `days`-th day after `start` that is or could become a working day."""
    day, found = start, 0
    while found < days:
        day += ONE_DAY
        found += _possibly_working(day_status(day, calendar))
    return day


def add_working_days(start: dt.date, days: int, calendar: WorkdayCalendar) -> WorkingDayCount:
    """The `days`-th working day after `start`; day 1 is the first working day after it.

    Measures art. 41: counting starts the day after service, whatever kind of day `start` is.
    """
    if days < 1:
        raise ValueError("a working-day period is at least one day")
    counted: list[dt.date] = []
    skipped: list[DayStatus] = []
    swapped: list[dt.date] = []
    provisional = False
    day = start
    while len(counted) < days:
        day += ONE_DAY
        status = day_status(day, calendar)
        provisional = provisional or status.provisional
        if status.working:
            counted.append(day)
            if day.weekday() >= 5:
                swapped.append(day)
        else:
            skipped.append(status)
    earliest = _earliest_count(start, days, calendar) if provisional else None
    return WorkingDayCount(
        start, days, day, tuple(counted), tuple(skipped), tuple(swapped), provisional, earliest
    )


def roll_forward(nominal: dt.date, calendar: WorkdayCalendar) -> RollForward:
    """A last day that falls on a rest day moves to the next working day (PIR art. 5)."""
    skipped: list[DayStatus] = []
    day = nominal
    status = day_status(day, calendar)
    provisional = status.provisional
    earliest = day if _possibly_working(status) else None
    while not status.working:
        skipped.append(status)
        day += ONE_DAY
        status = day_status(day, calendar)
        provisional = provisional or status.provisional
        if earliest is None and _possibly_working(status):
            earliest = day
    return RollForward(nominal, day, tuple(skipped), provisional, earliest if provisional else None)
