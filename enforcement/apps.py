from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from calendars.hooks import calendar_year_changed


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self):
        from . import receivers  # noqa: PLC0415 - receivers import models: only once apps are ready

        calendar_year_changed.connect(
            receivers.recompute_after_calendar_year_changed,
            dispatch_uid="enforcement.calendar_year_changed",
        )
