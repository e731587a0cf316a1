from .models import CalendarAdjustment, OfficialYear
from .workdays import DayOverride, WorkdayCalendar


def workday_calendar() -> WorkdayCalendar:
    """The calendar as currently known: library data plus every loaded adjustment."""
    years = frozenset(OfficialYear.objects.values_list("year", flat=True))
    overrides = {
        row.date: DayOverride(row.is_working_day, row.name)
        for row in CalendarAdjustment.objects.only("date", "is_working_day", "name")
    }
    return WorkdayCalendar(loaded_years=years, overrides=overrides)
