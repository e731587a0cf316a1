"""The calendar built from admin-loaded CalendarAdjustment rows."""

import datetime as dt

import pytest

from calendars.models import CalendarAdjustment, OfficialYear
from calendars.selectors import workday_calendar
from calendars.workdays import add_working_days, day_status

D = dt.date


@pytest.mark.django_db
def test_loaded_calendar_adjustments_make_2027_official():
    assert day_status(D(2027, 2, 20), workday_calendar()).provisional is True

    year = OfficialYear.objects.create(
        year=2027, notice="Test notice (invented dates)", published_on=D(2026, 11, 1)
    )
    CalendarAdjustment.objects.create(
        official_year=year, date=D(2027, 2, 20), is_working_day=True, name="Spring Festival"
    )
    CalendarAdjustment.objects.create(
        official_year=year, date=D(2027, 2, 8), is_working_day=False, name="Spring Festival"
    )
    calendar = workday_calendar()

    saturday = day_status(D(2027, 2, 20), calendar)
    monday = day_status(D(2027, 2, 8), calendar)
    assert (saturday.working, saturday.provisional) == (True, False)
    assert (monday.working, monday.provisional) == (False, False)
    assert add_working_days(D(2027, 2, 5), 1, calendar).due == D(2027, 2, 9)
    assert add_working_days(D(2027, 3, 5), 1, calendar).provisional is False
