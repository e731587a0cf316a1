"""Receivers of the deadlines hooks: changed deadlines become webhook events after commit.

Connected in `WebhooksConfig.ready()`.
"""

from .services import deadline_events_queue, deadline_moves_queue


def queue_deadline_events(sender, *, organisation_id, created, updated, **kwargs) -> None:
    deadline_events_queue(organisation_id=organisation_id, created=created, updated=updated)


def queue_deadline_moves(sender, *, change_key, moves, **kwargs) -> None:
    deadline_moves_queue(change_key=change_key, moves=moves)
