"""Reads for alerts: policies, recipients, preferences, the digest and the calendar feed."""

import datetime as dt

from django.db.models import Q

from accounts.models import Membership
from deadlines.models import Deadline, DeadlineStatus

from . import policy as pure
from .models import Alert, AlertKind, AlertState, NotificationPreference, ReminderPolicy

LIVE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)


def reminder_policy_for(*, organisation_id: int) -> pure.Policy:
    row = ReminderPolicy.objects.filter(organisation_id=organisation_id).first()
    return row.as_policy() if row else pure.DEFAULT_POLICY


def policies_for(organisation_ids) -> dict[int, pure.Policy]:
    rows = ReminderPolicy.objects.filter(organisation_id__in=set(organisation_ids))
    found = {row.organisation_id: row.as_policy() for row in rows}
    return {oid: found.get(oid, pure.DEFAULT_POLICY) for oid in organisation_ids}


def user_ids_with_roles(organisation_ids, roles) -> dict[int, list[int]]:
    """Organisation id -> user ids holding one of `roles` there, in a stable order."""
    out: dict[int, list[int]] = {oid: [] for oid in organisation_ids}
    rows = (
        Membership.objects.filter(organisation_id__in=set(organisation_ids), role__in=roles)
        .order_by("user_id")
        .values_list("organisation_id", "user_id")
    )
    for oid, uid in rows:
        out[oid].append(uid)
    return out


def muted_stages_of(user_ids) -> dict[int, frozenset[str]]:
    rows = NotificationPreference.objects.filter(user_id__in=set(user_ids)).values_list(
        "user_id", "muted_stages"
    )
    return {uid: frozenset(stages or ()) for uid, stages in rows}


def preference_of(user) -> NotificationPreference:
    """The user's preferences (created with defaults on first use)."""
    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    return pref


def feed_owner(token: str):
    """The membership behind a calendar-feed secret, or None."""
    pref = (
        NotificationPreference.objects.select_related("user__membership__organisation")
        .filter(feed_token=token)
        .first()
    )
    if pref is None:
        return None
    try:
        return pref.user.membership
    except Membership.DoesNotExist:
        return None


def feed_deadlines(*, organisation_id: int):
    """Open deadlines of one organisation for the calendar feed."""
    return (
        Deadline.objects.filter(organisation_id=organisation_id, status=DeadlineStatus.OPEN)
        .only(
            "id",
            "title",
            "due_date",
            "act_by",
            "rule",
            "provisional",
            "explanation",
            "updated_at",
            "created_at",
        )
        .order_by("due_date", "id")
    )


def digest_sections(*, organisation_id: int, today: dt.date) -> dict:
    """What a manager's daily digest shows; every legal date is a China calendar date."""
    live = Deadline.objects.filter(organisation_id=organisation_id).select_related("responsible")
    week_end = today + dt.timedelta(days=7)
    month_end = today + dt.timedelta(days=30)
    open_ = live.filter(status=DeadlineStatus.OPEN)
    return {
        "overdue": list(
            live.filter(
                Q(status=DeadlineStatus.MISSED) | Q(status=DeadlineStatus.OPEN, due_date__lt=today)
            ).order_by("due_date", "id")[:200]
        ),
        "this_week": list(
            open_.filter(due_date__gte=today, due_date__lt=week_end).order_by("due_date", "id")
        ),
        "next_30_days": list(
            open_.filter(due_date__gte=week_end, due_date__lte=month_end).order_by("due_date", "id")
        ),
        "customs_notices": list(open_.filter(rule=pure.NOTICE_RULE).order_by("due_date", "id")),
        "provisional": list(open_.filter(provisional=True).order_by("due_date", "id")[:200]),
        "failed": list(
            Alert.objects.filter(organisation_id=organisation_id, state=AlertState.FAILED)
            .exclude(kind=AlertKind.DIGEST)
            .select_related("recipient", "deadline")
            .order_by("-updated_at", "id")[:100]
        ),
    }


def failed_alerts(*, organisation_id: int):
    return Alert.objects.filter(organisation_id=organisation_id, state=AlertState.FAILED)
