"""Hooks of the deadlines app: alerts and webhooks react to deadline changes.

Receivers are connected in the reacting app's `AppConfig.ready()` with a `dispatch_uid`; they run
synchronously inside the recompute's transaction.
"""

from django.dispatch import Signal

# Deadline rows about to be saved (new or changed), still in memory. Keyword arguments:
#   organisation_id, rows (list of Deadline), calendar (the WorkdayCalendar just used).
# Receiver: notifications (sets each row's next_alert_at from the reminder policy).
deadlines_saving = Signal()

# Deadline rows were saved. Keyword arguments: organisation_id, created, updated (lists of
# Deadline; an updated row may carry `_previous_status`). Receiver: webhooks (events, sent
# after commit).
deadlines_changed = Signal()

# Live deadlines moved by a change to the official calendar, inside its transaction (a preview
# rolls everything back). Keyword arguments: change_key (str), year (int), moves (list of
# DateMove, saved). Receivers: notifications (one message per person concerned), webhooks
# (`deadline.moved` events after commit).
deadlines_moved = Signal()
