"""Hooks of the rights app: higher layers react to a right's change without rights importing them.

Receivers are connected in the reacting app's `AppConfig.ready()` with a `dispatch_uid`; they run
synchronously inside the service's transaction, so a failing receiver rolls the change back.
"""

from django.dispatch import Signal

# A right was created or its facts changed (a priority claim too). Keyword arguments:
#   right: the saved Right;
#   events: [(kind, description)] legal events of the right that records following it must
#           be told of ("assignment", "lapse", "renewal"); empty for other changes;
#   occurred_on: the legal date of those events;
#   actor: the user who made the change, or None for the system.
# Receiver: deadlines (open the recordal duties, then recompute the right's deadlines).
right_changed = Signal()

# Rights were created in bulk (an import), all new, with no recordals. Keyword arguments:
#   organisation: the organisation they belong to; rights: the saved Rights (with pks);
#   actor: the user who imported them, or None;
#   calendar: the working-day calendar to count with (one for the whole import, sent in chunks).
# Receiver: deadlines (compute and store every new right's deadlines in bulk).
rights_imported = Signal()
