"""One message per person whose deadlines a calendar change moved (issue 9), via the outbox.

The `deadlines_moved` hook hands over the saved DateMove rows of one change; each responsible
person and each manager of the organisation gets one outbox row (kind calendar_moves, stage
"moves:<change key>", unique per recipient), sent by the ordinary delivery. The message lists
the recipient's moves when it is built: managers see the organisation's, others their own.
"""

from django.db.models import Q

from accounts.models import Membership, Role
from core.clock import now_utc
from deadlines.models import DateMove

from .models import Alert, AlertKind
from .selectors import user_ids_by_role


def stage_for(change_key: str) -> str:
    return f"moves:{change_key}"


def calendar_moves_queue(*, change_key: str, moves) -> int:
    """Outbox rows for everyone concerned; a second call for the same change adds nothing."""
    if not moves:
        return 0
    by_org: dict[int, dict[int, bool]] = {}  # organisation -> recipient -> any date earlier
    managers = user_ids_by_role({m.organisation_id for m in moves}, [Role.MANAGER])
    for move in moves:
        people = by_org.setdefault(move.organisation_id, {})
        for uid in [move.responsible_id, *managers[move.organisation_id][Role.MANAGER]]:
            if uid is not None:
                people[uid] = people.get(uid, False) or move.earlier
    now = now_utc()
    rows = [
        Alert(
            organisation_id=org_id,
            recipient_id=uid,
            kind=AlertKind.CALENDAR_MOVES,
            stage=stage_for(change_key),
            critical=earlier,
            next_attempt_at=now,
        )
        for org_id, people in by_org.items()
        for uid, earlier in people.items()
    ]
    return len(Alert.objects.bulk_create(rows, ignore_conflicts=True))


def moves_for(alert: Alert):
    """The moves one message lists: the organisation's for a manager, else the recipient's."""
    change_key = alert.stage.removeprefix("moves:")
    moves = DateMove.objects.filter(
        organisation_id=alert.organisation_id, change_key=change_key
    ).select_related("deadline")
    is_manager = Membership.objects.filter(
        user_id=alert.recipient_id, organisation_id=alert.organisation_id, role=Role.MANAGER
    ).exists()
    if not is_manager:
        moves = moves.filter(Q(responsible_id=alert.recipient_id))
    return list(moves.order_by("new_due", "id"))
