"""How far a deadline is from today, said one way everywhere: "due today", "3 days left",
"overdue by 2 days", or the hours left to 24:00 China time for a working-day clock.

Counted from the legal due date on the China calendar; callers pass today (core.clock).
"""

import datetime as dt

from django.utils.translation import gettext, ngettext

from .engine import time_left


def days_left(due_date: dt.date, *, today: dt.date) -> int:
    """Calendar days from today to the legal due date; negative once it has passed.

    Counted by `deadlines.engine.time_left`, which also gives the days left to the act-by date.
    """
    return time_left(act_by=due_date, due=due_date, today=today).to_due


def due_phrase(due_date: dt.date, *, today: dt.date, hours_left: int | None = None) -> str:
    days = days_left(due_date, today=today)
    if days < 0:
        return ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days) % {"n": -days}
    if hours_left is not None:
        return ngettext("%(n)d hour left", "%(n)d hours left", hours_left) % {"n": hours_left}
    if days == 0:
        return gettext("due today")
    return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
