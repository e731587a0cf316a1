"""Hooks of the calendars app: higher layers react to a calendar change without calendars
importing them. Receivers are connected in the reacting app's `AppConfig.ready()` with a
`dispatch_uid` and run synchronously inside the changing transaction.
"""

from django.dispatch import Signal

# A year's official data changed (loaded, reloaded, edited or deleted). Keyword arguments:
# years (frozenset of ints), reason (str, kept in each moved deadline's history), actor.
# Receiver: deadlines (recompute every live deadline whose counted days touch the years); it
# returns a `calendars.changes.ChangeOutcome`, which `calendars.changes.announce_year_changed`
# merges for the services to report.
calendar_year_changed = Signal()
