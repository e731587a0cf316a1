"""The platform complaint lifecycle: which status may follow which, and the date each records."""

from .models import ComplaintStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.UNDER_REVIEW, S.REMOVED, S.REJECTED}),
    S.UNDER_REVIEW: frozenset({S.REMOVED, S.REJECTED}),
    S.REJECTED: frozenset({S.SUBMITTED}),
    # E-Commerce Law art. 43: after removal the seller may send a counter-notice.
    S.REMOVED: frozenset({S.COUNTER_NOTICE_RECEIVED, S.RELISTED}),
    S.COUNTER_NOTICE_RECEIVED: frozenset({S.AUTHORITY_COMPLAINT_OR_SUIT_FILED, S.MEASURES_LIFTED}),
    S.AUTHORITY_COMPLAINT_OR_SUIT_FILED: frozenset({S.MEASURES_LIFTED}),
    S.MEASURES_LIFTED: frozenset({S.SUBMITTED}),
    S.RELISTED: frozenset({S.SUBMITTED}),
}

# The date field each status records when entered (under review records none).
DATE_FIELD: dict[str, str] = {
    S.SUBMITTED: "submitted_on",
    S.REMOVED: "removed_on",
    S.REJECTED: "rejected_on",
    S.COUNTER_NOTICE_RECEIVED: "counter_notice_received_on",
    S.AUTHORITY_COMPLAINT_OR_SUIT_FILED: "action_filed_on",
    S.MEASURES_LIFTED: "measures_lifted_on",
    S.RELISTED: "relisted_on",
}

# Statuses reached only after the platform took the listings down.
AFTER_REMOVAL = frozenset(
    {
        S.REMOVED,
        S.COUNTER_NOTICE_RECEIVED,
        S.AUTHORITY_COMPLAINT_OR_SUIT_FILED,
        S.MEASURES_LIFTED,
        S.RELISTED,
    }
)


def allowed_next(status: str) -> list[str]:
    return [s for s in S.values if s in TRANSITIONS.get(status, ())]
