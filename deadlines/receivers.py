"""Receivers of the lower layers' hooks: a changed fact recomputes the deadlines that follow.

Connected in `DeadlinesConfig.ready()`. Each runs inside the sending service's transaction.
"""

from customs import services as customs_services

from . import calendar_sync, services
from .reasons import fact_reason


def recompute_after_right_change(sender, *, right, events, occurred_on, actor, **kwargs) -> None:
    """A right changed: record what its recordals must tell GACC, then recompute its dates."""
    if events:
        customs_services.recordal_duties_open(
            right=right, events=events, occurred_on=occurred_on, actor=actor
        )
    services.deadlines_recompute(right=right, actor=actor, reason=fact_reason(right))


def compute_for_rights_importing(sender, *, organisation, rights, actor, calendar=None, **kwargs):
    """Returns the callable writing the new rights' deadlines (see rights.hooks)."""
    return services.deadlines_prepare_for_new_rights(
        organisation=organisation, rights=rights, actor=actor, calendar=calendar
    )


def recompute_after_recordal_change(sender, *, right, actor, cause=None, **kwargs) -> None:
    """`cause`: the recordal, change or notice written (named in the deadlines' history)."""
    services.deadlines_recompute(right=right, actor=actor, reason=fact_reason(cause))


def recompute_after_guarantee_change(sender, *, guarantee, actor, **kwargs) -> None:
    services.guarantee_deadlines_recompute(
        guarantee=guarantee, actor=actor, reason=fact_reason(guarantee)
    )


def recompute_after_calendar_year_changed(sender, *, years, reason, actor, **kwargs):
    """Returns a calendars.changes.ChangeOutcome: what was recomputed and what moved."""
    return calendar_sync.recompute_for_years(years=years, reason=reason, actor=actor)
