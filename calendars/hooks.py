"""Hooks of the calendars app: higher layers react to a calendar change without calendars
importing them. Receivers are connected in the reacting app's `AppConfig.ready()` with a
`dispatch_uid` and run synchronously inside the loading transaction.
"""

from django.dispatch import Signal

# A year's official schedule was loaded or changed. Keyword arguments: year, actor.
# Receiver: deadlines (recompute every right counted provisionally); it returns the number of
# rights recomputed, which `official_year_load` reports.
calendar_year_loaded = Signal()
