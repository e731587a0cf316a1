"""Customs periods that depend on nothing but the customs facts. Pure: no ORM, no "now"."""

import datetime as dt


def guarantee_dates(year: int) -> tuple[dt.date, dt.date]:
    """Cover ends 31 December; the bank letter runs to 30 June of the next year."""
    return dt.date(year, 12, 31), dt.date(year + 1, 6, 30)
