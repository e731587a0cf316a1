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

# Rights are being created in bulk (an import), all new, with no recordals; sent once per chunk,
# before the chunk is written. Keyword arguments:
#   organisation: the organisation they belong to; rights: the unsaved Rights, with their pks
#           (reserved on PostgreSQL; on SQLite the rows are already written);
#   actor: the user who imported them, or None;
#   calendar: the working-day calendar to count with (one for the whole import, sent in chunks).
# A receiver may set derived fields on the instances (the end of the term, `expiry_date`) and
# returns a callable writing its own rows, which the rights service calls after writing the
# rights. Between the two the service checks the next chunk while the writes of a bulk job
# run in the background (core.bulk), so the work of a chunk is done before its writes.
# Receiver: deadlines (compute every new right's deadlines; write them in bulk).
rights_importing = Signal()
