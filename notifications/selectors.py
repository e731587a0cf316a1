"""Reads for alerts: policies, recipients, preferences, the digest and the calendar feed."""

import datetime as dt
from functools import partial
from typing import NamedTuple

from django.db.models import Q

from accounts.models import Membership, Role
from core.bulk import job_memo
from deadlines.matters import MATTER_RELATED, with_matter
from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules import TWO_PERSON_RULES

from . import policy as pure
from .models import Alert, AlertKind, AlertState, NotificationPreference, ReminderPolicy


def reminder_policy_for(*, organisation_id: int) -> pure.Policy:
    """Read once per bulk job (an import plans thousands of alerts chunk after chunk)."""
    return job_memo(("reminder_policy", organisation_id), partial(_policy, organisation_id))


def _policy(organisation_id: int) -> pure.Policy:
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


def user_ids_by_role(organisation_ids, roles) -> dict[int, dict[str, list[int]]]:
    """Organisation id -> role -> user ids holding it there, in a stable order (one query)."""
    out: dict[int, dict[str, list[int]]] = {
        oid: {role: [] for role in roles} for oid in organisation_ids
    }
    rows = (
        Membership.objects.filter(organisation_id__in=set(organisation_ids), role__in=roles)
        .order_by("user_id")
        .values_list("organisation_id", "role", "user_id")
    )
    for oid, role, uid in rows:
        out[oid][role].append(uid)
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


def digest_subscribers():
    """Members who get the daily digest: anyone who opted in, managers unless they opted out."""
    return Membership.objects.filter(
        Q(user__notification_preference__daily_digest=True)
        | Q(role=Role.MANAGER, user__notification_preference__daily_digest__isnull=True)
    ).select_related("user__notification_preference")


def gets_digest(pref: NotificationPreference, membership) -> bool:
    if pref.daily_digest is not None:
        return pref.daily_digest
    return membership is not None and membership.role == Role.MANAGER


def feed_owner(token: str):
    """The membership behind a calendar-feed secret, or None (also once the user is
    deactivated: the feed stops at once, not when someone remembers the token)."""
    pref = (
        NotificationPreference.objects.select_related("user__membership__organisation")
        .filter(feed_token=token, user__is_active=True)
        .first()
    )
    if pref is None:
        return None
    try:
        return pref.user.membership
    except Membership.DoesNotExist:
        return None


def feed_deadlines(*, organisation_id: int, responsible_id: int | None = None):
    """Open deadlines of one organisation (or of one responsible person) for a calendar feed."""
    qs = Deadline.objects.filter(organisation_id=organisation_id, status=DeadlineStatus.OPEN)
    if responsible_id is not None:
        qs = qs.filter(responsible_id=responsible_id)
    return (
        with_matter(qs)
        .select_related("responsible")
        .defer("note", "next_alert_at")  # the basis explains the date in the reader's language
        .order_by("due_date", "id")
    )


DIGEST_ROWS = 100  # per section: an email, not a report; the total is always shown


class DigestSection(NamedTuple):
    rows: list
    total: int

    @property
    def cut(self) -> bool:
        return self.total > len(self.rows)


def _section(queryset) -> DigestSection:
    return DigestSection(list(queryset.order_by("due_date", "id")[:DIGEST_ROWS]), queryset.count())


def digest_sections(*, organisation_id: int, today: dt.date) -> dict:
    """What a manager's daily digest shows; every legal date is a China calendar date.

    Each deadline section holds its first rows and its true total (two indexed range reads).
    """
    live = with_matter(Deadline.objects.filter(organisation_id=organisation_id)).select_related(
        "responsible"
    )
    week_end = today + dt.timedelta(days=7)
    month_end = today + dt.timedelta(days=30)
    open_ = live.filter(status=DeadlineStatus.OPEN)
    return {
        "overdue": _section(
            live.filter(
                Q(status=DeadlineStatus.MISSED) | Q(status=DeadlineStatus.OPEN, due_date__lt=today)
            )
        ),
        "this_week": _section(open_.filter(due_date__gte=today, due_date__lt=week_end)),
        "next_30_days": _section(open_.filter(due_date__gte=week_end, due_date__lte=month_end)),
        "customs_notices": _section(open_.filter(rule=pure.NOTICE_RULE)),
        "provisional": _section(open_.filter(provisional=True)),
        "unverified": _section(
            live.filter(
                status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED],
                rule__in=TWO_PERSON_RULES,
                verified_at__isnull=True,
            )
        ),
        "failed": list(
            Alert.objects.filter(organisation_id=organisation_id, state=AlertState.FAILED)
            .exclude(kind=AlertKind.DIGEST)
            .select_related("recipient", *(f"deadline__{name}" for name in MATTER_RELATED))
            .order_by("-updated_at", "id")[:DIGEST_ROWS]
        ),
    }


def failed_alerts(*, organisation_id: int):
    return Alert.objects.filter(organisation_id=organisation_id, state=AlertState.FAILED)


def retrying_alerts(*, organisation_id: int):
    """Alerts not sent yet after an error (kept in `last_error`): waiting for their retry, or
    being retried right now, or given back untried because the mail server was unreachable."""
    return Alert.objects.filter(
        organisation_id=organisation_id, state__in=[AlertState.PENDING, AlertState.SENDING]
    ).exclude(last_error="")
