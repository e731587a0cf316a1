"""Recompute the deadlines counted through a year whose official calendar changed.

Called by the receiver of `calendars.hooks.calendar_year_changed`: the calendar layer
announces the change, this layer finds the live deadlines whose consulted days (calendar_from ..
calendar_until, both indexed) touch the year, recomputes their rights and guarantees with the
reason in each history row, and answers with every date that moved.
"""

import datetime as dt
import uuid

from django.db.models import Q

from calendars.changes import ChangeOutcome, DeadlineMove
from calendars.selectors import workday_calendar
from customs.models import GeneralGuarantee
from rights.models import Right

from .hooks import deadlines_moved
from .models import RECOMPUTED, DateMove, Deadline
from .services import deadlines_recompute, guarantee_deadlines_recompute


def touching_years(years) -> Q:
    """Recomputed deadlines (live or history) whose counted days touch any of `years`.

    A counting span is shorter than a year (working-day periods and roll-forwards are weeks
    long), so it touches a year exactly when one of its ends lies in it: two index ranges.
    """
    touch = Q()
    for year in years:
        span = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        touch |= Q(calendar_from__range=span) | Q(calendar_until__range=span)
    return Q(status__in=RECOMPUTED) & touch


def snapshot(rows) -> dict[int, tuple]:
    """{deadline id: (due, act_by)} of the given live rows, before a recompute."""
    return {pk: (due, act_by) for pk, due, act_by in rows.values_list("id", "due_date", "act_by")}


def recompute_for_years(*, years, reason: str, actor=None) -> ChangeOutcome:
    """Rights and guarantees; a higher layer's generic subjects recompute in its own receiver."""
    touched = list(
        Deadline.objects.filter(touching_years(years), subject_type__isnull=True)
        .order_by()  # no sort: a BitmapOr over the two span indexes is the whole plan
        .values_list("id", "right_id", "guarantee_id", "due_date", "act_by")
    )
    if not touched:
        return ChangeOutcome()
    before = {pk: (due, act_by) for pk, _, _, due, act_by in touched}
    right_ids = {right_id for _, right_id, _, _, _ in touched if right_id}
    guarantee_ids = {g for _, _, g, _, _ in touched if g}
    calendar = workday_calendar()
    for right in Right.objects.filter(pk__in=right_ids).order_by("pk").iterator(chunk_size=500):
        deadlines_recompute(right=right, actor=actor, calendar=calendar, reason=reason)
    for guarantee in GeneralGuarantee.objects.filter(pk__in=guarantee_ids).order_by("pk"):
        guarantee_deadlines_recompute(
            guarantee=guarantee, actor=actor, calendar=calendar, reason=reason
        )
    return outcome_since(before, years=years, reason=reason)


def outcome_since(before: dict[int, tuple], *, years, reason: str) -> ChangeOutcome:
    """What moved among the rows of `before` (a snapshot) after their recompute; the moves are
    kept and announced (DateMove, deadlines_moved)."""
    if not before:
        return ChangeOutcome()
    moves, still = [], 0
    after = (
        Deadline.objects.filter(pk__in=before)
        .select_related("organisation")
        .only(
            "id",
            "title",
            "due_date",
            "act_by",
            "provisional",
            "responsible_id",
            "organisation__id",
            "organisation__name",
        )
        .order_by("organisation_id", "due_date", "id")
    )
    for row in after.iterator(chunk_size=2000):
        still += row.provisional
        old_due, old_act_by = before[row.pk]
        if (old_due, old_act_by) != (row.due_date, row.act_by):
            moves.append(
                DeadlineMove(
                    deadline_id=row.pk,
                    organisation_id=row.organisation_id,
                    organisation=row.organisation.name,
                    title=row.title,
                    responsible_id=row.responsible_id,
                    old_due=old_due,
                    new_due=row.due_date,
                    old_act_by=old_act_by,
                    new_act_by=row.act_by,
                    provisional=row.provisional,
                )
            )
    _record(moves, years=years, reason=reason)
    return ChangeOutcome(recomputed=len(before), moves=moves, still_provisional=still)


def _record(moves: list[DeadlineMove], *, years, reason: str) -> None:
    """Keep the moves (dashboard, messages, webhooks) and announce them to the layers above."""
    if not moves:
        return
    year = min(years)
    change_key = f"{year}-{uuid.uuid4().hex[:16]}"
    rows = DateMove.objects.bulk_create(
        [
            DateMove(
                organisation_id=m.organisation_id,
                deadline_id=m.deadline_id,
                change_key=change_key,
                year=year,
                reason=reason[:300],
                title=m.title[:300],
                old_due=m.old_due,
                new_due=m.new_due,
                old_act_by=m.old_act_by,
                new_act_by=m.new_act_by,
                responsible_id=m.responsible_id,
            )
            for m in moves
        ]
    )
    deadlines_moved.send(sender=DateMove, change_key=change_key, year=year, moves=rows)
