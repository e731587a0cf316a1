"""Receivers of the deadlines hooks: each saved deadline gets its next alert time.

Connected in `NotificationsConfig.ready()`.
"""

from .calendar_moves import calendar_moves_queue
from .services import deadlines_plan_next_alert


def plan_next_alert(sender, *, organisation_id, rows, calendar, **kwargs) -> None:
    deadlines_plan_next_alert(organisation_id=organisation_id, rows=rows, calendar=calendar)


def queue_calendar_moves(sender, *, change_key, moves, **kwargs) -> None:
    calendar_moves_queue(change_key=change_key, moves=moves)
