"""Receivers of the lower layers' hooks (connected in EnforcementConfig.ready())."""

from . import services


def recompute_after_calendar_year_loaded(sender, *, year, actor, **kwargs) -> int:
    return services.enforcement_recompute_provisional(actor=actor)
