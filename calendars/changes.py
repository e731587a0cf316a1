"""What a change to a year's official data did to the dates counted through it.

The calendar sits below the deadlines: a change is announced on `hooks.calendar_year_changed`,
and the deadlines app (connected in its AppConfig.ready) recomputes the dates that counted
through that year and answers with a `ChangeOutcome` listing every date that moved.
"""

import datetime as dt
from dataclasses import dataclass, field

from .hooks import calendar_year_changed


@dataclass(frozen=True)
class DeadlineMove:
    """One live deadline whose legal date or act-by date changed."""

    deadline_id: int
    organisation_id: int
    organisation: str
    title: str
    responsible_id: int | None
    old_due: dt.date
    new_due: dt.date
    old_act_by: dt.date
    new_act_by: dt.date
    provisional: bool

    @property
    def earlier(self) -> bool:
        return self.new_due < self.old_due or self.new_act_by < self.old_act_by


@dataclass
class ChangeOutcome:
    recomputed: int = 0  # live deadlines whose counted days touch the changed years
    moves: list[DeadlineMove] = field(default_factory=list)
    still_provisional: int = 0

    def merge(self, other: "ChangeOutcome") -> "ChangeOutcome":
        return ChangeOutcome(
            self.recomputed + other.recomputed,
            self.moves + other.moves,
            self.still_provisional + other.still_provisional,
        )


def announce_year_changed(*, years: set[int], reason: str, actor=None) -> ChangeOutcome:
    outcome = ChangeOutcome()
    for _receiver, response in calendar_year_changed.send(
        sender=None, years=frozenset(years), reason=reason, actor=actor
    ):
        if isinstance(response, ChangeOutcome):
            outcome = outcome.merge(response)
    return outcome
