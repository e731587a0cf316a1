"""How long is left on a working-day clock (a customs notice): pure, no database, no clock.

A period ends at 24:00 China time on its due date. Working days left are the counted working
days (stored in the deadline's basis) from today on, today included.
"""

import datetime as dt
from dataclasses import dataclass

from core.clock import legal_tz


@dataclass(frozen=True)
class Countdown:
    ends_at: dt.datetime  # 24:00 Shanghai on the due date, aware
    hours_left: int  # whole hours, negative once passed
    minutes_left: int  # the minutes beyond hours_left (0-59) while time remains
    working_days_left: int

    @property
    def overdue(self) -> bool:
        return self.hours_left < 0

    @property
    def urgency(self) -> str:
        """CSS-ready level: overdue, today (under 24 h), soon (under 3 working days), later."""
        if self.overdue:
            return "overdue"
        if self.hours_left < 24:
            return "today"
        if self.working_days_left <= 2:
            return "soon"
        return "later"


def period_end(due_date: dt.date) -> dt.datetime:
    """24:00 China time on the due date: when a period ending that day runs out."""
    return dt.datetime.combine(due_date + dt.timedelta(days=1), dt.time(0), tzinfo=legal_tz())


def countdown(*, due_date: dt.date, counted_days, now: dt.datetime) -> Countdown:
    ends_at = period_end(due_date)
    seconds = int((ends_at - now).total_seconds())
    today = now.astimezone(legal_tz()).date()
    days = [d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for d in counted_days]
    left = sum(1 for d in days if today <= d <= due_date) if seconds > 0 else 0
    if seconds >= 0:
        hours, minutes = divmod(seconds // 60, 60)
    else:
        hours, minutes = -((-seconds + 3599) // 3600), 0
    return Countdown(ends_at, hours, minutes, left)
