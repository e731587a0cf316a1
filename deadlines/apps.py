from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "deadlines"

    def ready(self):
        # The calendar layer announces a change to a year; this layer recomputes its dates.
        from calendars.changes import year_changed

        from .calendar_sync import recompute_for_years

        year_changed.connect(recompute_for_years, dispatch_uid="deadlines.recompute_for_years")
