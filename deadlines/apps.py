from django.apps import AppConfig

from calendars.hooks import calendar_year_changed
from customs.hooks import guarantee_changed, recordal_changed
from rights.hooks import right_changed, rights_importing


class DeadlinesConfig(AppConfig):
    name = "deadlines"

    def ready(self):
        """Recompute when the facts below change (the lower layers announce, never import us)."""
        from . import receivers  # noqa: PLC0415 - receivers import models: only once apps are ready

        right_changed.connect(
            receivers.recompute_after_right_change, dispatch_uid="deadlines.right_changed"
        )
        rights_importing.connect(
            receivers.compute_for_rights_importing, dispatch_uid="deadlines.rights_importing"
        )
        recordal_changed.connect(
            receivers.recompute_after_recordal_change, dispatch_uid="deadlines.recordal_changed"
        )
        guarantee_changed.connect(
            receivers.recompute_after_guarantee_change, dispatch_uid="deadlines.guarantee_changed"
        )
        calendar_year_changed.connect(
            receivers.recompute_after_calendar_year_changed,
            dispatch_uid="deadlines.calendar_year_changed",
        )
