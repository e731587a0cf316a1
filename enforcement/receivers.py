"""Receivers of the lower layers' hooks (connected in EnforcementConfig.ready())."""

from . import services


def recompute_after_calendar_year_changed(sender, *, years, reason, actor, **kwargs):
    """Returns a calendars.changes.ChangeOutcome (merged with the deadlines layer's)."""
    return services.enforcement_recompute_for_years(years=years, reason=reason, actor=actor)
