"""What saving would create: the engine run on facts that are not saved yet. No database, no
clock (the caller passes today and the calendar); each date's status on entry is decided by the
same functions as the recompute (services.passed_status, services.can_still_act).

Used by the entry forms to show, before anything is written, each date with its weekday and
its "why", and to warn about dates already past or close.
"""

import datetime as dt
from dataclasses import dataclass, replace

from . import engine
from .engine import Computed
from .facts import NoticeFacts, RightFacts
from .models import DeadlineStatus
from .rules import MILESTONE_RULES
from .services import can_still_act, passed_status

SOON_DAYS = 7


@dataclass(frozen=True)
class PreviewItem:
    """One computed date and how it stands against today ("past", "soon" or "")."""

    computed: Computed
    warning: str
    status: str = "open"  # as the save would record it: open, done, missed or history
    change: str = ""  # for a change of a saved right: "new", "moved" (from `was`) or ""
    was: dt.date | None = None

    # The attributes the workspace's "why this date" reads from a stored deadline.
    @property
    def rule(self) -> str:
        return self.computed.rule.id

    @property
    def basis(self) -> dict:
        return self.computed.basis

    @property
    def due_date(self) -> dt.date:
        return self.computed.due

    @property
    def act_by(self) -> dt.date:
        return self.computed.act_by

    @property
    def provisional(self) -> bool:
        return self.computed.provisional

    @property
    def explanation(self) -> str:
        return self.computed.explanation

    @property
    def milestone(self) -> bool:
        return self.computed.rule.id in MILESTONE_RULES


def warning_for(computed: Computed, today: dt.date) -> str:
    """'past' for a date before today (an act would be missed at once), 'soon' for one within
    SOON_DAYS days; nothing for a date the facts show as already met."""
    if computed.satisfied_on:
        return ""
    if computed.due < today:
        return "past"
    if computed.due <= today + dt.timedelta(days=SOON_DAYS):
        return "soon"
    return ""


def status_on_entry(computed: Computed, siblings: dict, today: dt.date) -> str:
    """The status a date entered today gets: a past date is history (no alerts), unless a
    late window is still open (missed, alerted) or it is a milestone (reached)."""
    if computed.satisfied_on:
        return DeadlineStatus.DONE
    if computed.due < today:
        return passed_status(
            computed.rule.id,
            due=computed.due,
            entered_on=today,
            can_still_act=can_still_act(computed, siblings, today),
        )
    return DeadlineStatus.OPEN


def _items(computed: list[Computed], today: dt.date) -> list[PreviewItem]:
    siblings = {c.key: c for c in computed}
    items = [
        PreviewItem(c, warning_for(c, today), status_on_entry(c, siblings, today)) for c in computed
    ]
    return sorted(items, key=lambda i: (i.due_date, i.rule))


def right_preview(facts: RightFacts, *, today: dt.date, calendar) -> list[PreviewItem]:
    """Every deadline a new right with these facts would start."""
    return _items(engine.deadlines_for_right(facts, calendar), today)


def right_change_preview(
    before: RightFacts, after: RightFacts, *, today: dt.date, calendar
) -> list[PreviewItem]:
    """The deadlines after a change of a saved right, each marked new or moved against before."""
    old = {c.key: c.due for c in engine.deadlines_for_right(before, calendar)}
    items = []
    for item in _items(engine.deadlines_for_right(after, calendar), today):
        was = old.get(item.computed.key)
        if was is None:
            items.append(replace(item, change="new"))
        elif was != item.due_date:
            items.append(replace(item, change="moved", was=was))
        else:
            items.append(item)
    return items


def notice_preview(notice: NoticeFacts, *, today: dt.date, calendar) -> PreviewItem | None:
    """The answer date a customs notice served on `notice.served_on` would get."""
    for anchor in engine.notice_anchors(notice):
        if anchor.rule_id == "customs_notice_response":
            computed = engine.compute(anchor, calendar)
            return PreviewItem(computed, warning_for(computed, today))
    return None
