"""How long is left on a calendar-day clock (the art. 43 window): pure, no database."""

import datetime as dt
from dataclasses import dataclass

from deadlines.countdown import period_end


@dataclass(frozen=True)
class CalendarCountdown:
    due_date: dt.date
    days_left: int  # calendar days from today to the due date, today not counted
    hours_left: int  # whole hours until 24:00 China time on the due date (negative once passed)

    @property
    def overdue(self) -> bool:
        return self.hours_left < 0

    @property
    def urgency(self) -> str:
        if self.overdue:
            return "overdue"
        if self.hours_left < 24:
            return "today"
        if self.days_left <= 3:
            return "soon"
        return "later"


def calendar_countdown(*, due_date: dt.date, now: dt.datetime) -> CalendarCountdown:
    end = period_end(due_date)
    seconds = (end - now).total_seconds()
    today = now.astimezone(end.tzinfo).date()
    hours = int(seconds // 3600)
    return CalendarCountdown(due_date, (due_date - today).days, hours)
