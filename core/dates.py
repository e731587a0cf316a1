"""Calendar arithmetic of Chinese law (Civil Code arts. 201-203, PIR art. 5, TMIR art. 12)."""

import calendar
import datetime as dt


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later; the month's last day when there is none."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def has_corresponding_day(start: dt.date, months: int) -> bool:
    return add_months(start, months).day == start.day


def add_years(start: dt.date, years: int) -> dt.date:
    return add_months(start, 12 * years)


def term_end(start: dt.date, years: int) -> dt.date:
    """Last day of a term of `years` running from `start` (TMIR art. 12(2)).

    The term ends the day before the corresponding day; where the month has no corresponding
    day (29 February), it ends on the last day of that month.
    """
    if has_corresponding_day(start, 12 * years):
        return add_years(start, years) - dt.timedelta(days=1)
    return add_years(start, years)
