"""Writes for notifications: acknowledging, preferences, queueing digests."""

import logging
import re
from zoneinfo import available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.selectors import can_acknowledge, can_edit, ensure_member_of
from core.clock import now_utc
from deadlines.models import LIVE

from . import policy as pure
from .models import (
    AckChannel,
    Alert,
    AlertKind,
    AlertState,
    Language,
    NotificationPreference,
    ReminderPolicy,
    new_feed_token,
)
from .reader import zone
from .selectors import digest_subscribers, reminder_policy_for

log = logging.getLogger(__name__)

# Stages a user may mute; they are muted for non-critical deadlines only (the scanner ignores
# muting on critical rules). Customs-notice stages are always critical and cannot be listed.
MUTABLE_STAGE = re.compile(r"^(d-\d{1,4}|overdue)$")


def deadlines_plan_next_alert(*, organisation_id: int, rows, calendar) -> None:
    """Set `next_alert_at` on deadlines about to be saved (in memory; the caller saves them).

    The one computation of a deadline's next alert, with the real working-day calendar: the
    scanner advances it with the same stages. A stage that already fired means "look now"
    (the outbox key makes a second look harmless); a closed deadline has none.
    """
    if not rows:
        return
    policy = reminder_policy_for(organisation_id=organisation_id)
    now = now_utc()
    # A long-range plan depends on the due date alone (same policy, same now): an import's
    # thousands of rows share a few hundred due dates. A notice's depends on its entry too.
    long_range: dict = {}
    for row in rows:
        if row.status not in LIVE:
            row.next_alert_at = None
            continue
        shared = pure.rule_class(row.rule) == pure.LONG_RANGE
        if shared and row.due_date in long_range:
            row.next_alert_at = long_range[row.due_date]
            continue
        row.next_alert_at = pure.first_alert_at(
            due_date=row.due_date,
            rule_id=row.rule,
            policy=policy,
            now=now,
            entered_at=row.created_at or now,
            calendar=calendar,
        )
        if shared:
            long_range[row.due_date] = row.next_alert_at


@transaction.atomic
def alert_acknowledge(*, alert: Alert, by, via: str = AckChannel.SIGNED_IN) -> Alert:
    """Acknowledge an alert: every alert of the same deadline stage stops waiting to escalate.

    `by` is the signed-in member; through the emailed link without a session it is None and
    `via` says so, because whoever holds a link is not necessarily its recipient. A viewer
    cannot acknowledge: an acknowledgement silences the escalation of a critical date.
    """
    if via == AckChannel.EMAIL_LINK:
        by = None
    elif by is None:
        raise PermissionDenied("Sign in to acknowledge an alert.")
    else:
        ensure_member_of(by, alert.organisation_id)
        if not by.is_superuser and not can_acknowledge(by):
            raise PermissionDenied("A viewer cannot acknowledge alerts.")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at:
        return alert
    stamp = {"acknowledged_at": now_utc(), "acknowledged_by": by, "acknowledged_via": via}
    stage = alert.stage.removeprefix("esc:")
    if alert.deadline_id is None:  # a digest: only this row
        acknowledged = Alert.objects.filter(pk=alert.pk)
        ids = [alert.pk]
        acknowledged.update(**stamp)
    else:
        acknowledged = Alert.objects.filter(
            deadline_id=alert.deadline_id, stage__in=[stage, f"esc:{stage}"], acknowledged_at=None
        )
        ids = list(acknowledged.values_list("pk", flat=True))
        acknowledged.update(escalate_at=None, **stamp)
    # The acknowledgement in each row's history (who, when, how), one insert for all of them.
    Alert.history.bulk_history_create(
        list(Alert.objects.filter(pk__in=ids)), update=True, default_user=by
    )
    alert.refresh_from_db()
    return alert


@transaction.atomic
def feed_token_rotate(*, user) -> NotificationPreference:
    """Issue a new calendar-feed address for `user`; the old one stops working at once."""
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    pref.feed_token = new_feed_token()
    pref.full_clean()
    pref.save(update_fields=["feed_token", "updated_at"])
    return pref


@transaction.atomic
def preference_start(*, user, language: str) -> NotificationPreference:
    """A user's preferences, created on first sign-in with the language their browser asked for
    (their own later choice is never overwritten)."""
    pref = NotificationPreference.objects.filter(user=user).first()
    if pref is None:
        pref = NotificationPreference(user=user)
        if language in Language.values:
            pref.language = language
        pref.full_clean()
        pref.save()
    return pref


@transaction.atomic
def preference_update(
    *,
    user,
    digest_hour=None,
    language=None,
    muted_stages=None,
    time_zone=None,
    daily_digest=None,
):
    """Change a user's notification preferences; critical stages cannot be muted.

    Any role may opt in to the daily digest (`daily_digest`); the time zone (kept on the
    membership) decides when the digest hour comes round.
    """
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    errors = {}
    membership = Membership.objects.filter(user=user).first()
    if time_zone is not None:
        if time_zone not in available_timezones():
            errors["time_zone"] = f"{time_zone} is not a time zone name (e.g. Europe/Berlin)."
        elif membership is None:
            errors["time_zone"] = _("Only members of an organisation have a time zone here.")
        else:
            membership.time_zone = time_zone
    if digest_hour is not None:
        if not isinstance(digest_hour, int) or not 0 <= digest_hour <= 23:
            errors["digest_hour"] = _("An hour from 0 to 23.")
        else:
            pref.digest_hour = digest_hour
    if daily_digest is not None:
        pref.daily_digest = bool(daily_digest)
    if language is not None:
        if language not in Language.values:
            errors["language"] = _("One of %(choices)s.") % {"choices": ", ".join(Language.values)}
        else:
            pref.language = language
    if muted_stages is not None:
        stages = sorted(set(muted_stages))
        refused = [s for s in stages if not MUTABLE_STAGE.match(str(s))]
        if refused:
            errors["muted_stages"] = _(
                "Cannot mute %(stages)s: customs-notice alerts and unknown stages cannot be "
                "muted (alerts of critical deadlines are always sent)."
            ) % {"stages": ", ".join(refused)}
        else:
            pref.muted_stages = stages
    if errors:
        raise ValidationError(errors)
    pref.full_clean()
    pref.save()
    if time_zone is not None and membership is not None:
        membership.save(update_fields=["time_zone", "updated_at"])
    return pref


POLICY_FIELDS = frozenset(
    {
        "ladder_days",
        "alert_hour",
        "notice_hour",
        "overdue_days",
        "escalate_notice_after",
        "escalate_after",
    }
)


@transaction.atomic
def reminder_policy_save(*, organisation, actor=None, **fields) -> ReminderPolicy:
    """Create or change the organisation's reminder policy (one per organisation).

    Deadlines already planned keep their next alert time until their next recompute or scan:
    the scanner always reads the current policy.
    """
    if actor is not None and not actor.is_superuser and not can_edit(actor):
        raise PermissionDenied("Only counsel and paralegals can change the reminder policy.")
    ensure_member_of(actor, organisation.id)
    unknown = set(fields) - POLICY_FIELDS
    if unknown:
        raise ValidationError({name: _("Not a reminder policy setting.") for name in unknown})
    policy = ReminderPolicy.objects.select_for_update().filter(
        organisation=organisation
    ).first() or ReminderPolicy(organisation=organisation)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def digests_queue(*, now=None) -> int:
    """Queue today's digest for every subscriber whose chosen local hour has come (once a day).

    Reads the subscribers (a short list), not the deadlines. One whose hour passed while the
    scheduler was down still gets that day's digest, once: the outbox key is (recipient, day).
    """
    now = now or now_utc()
    rows = []
    for m in digest_subscribers():
        try:
            hour = m.user.notification_preference.digest_hour
        except NotificationPreference.DoesNotExist:
            hour = NotificationPreference._meta.get_field("digest_hour").default
        local = now.astimezone(zone(m.time_zone))
        if local.hour < hour:
            continue
        rows.append(
            Alert(
                organisation_id=m.organisation_id,
                recipient_id=m.user_id,
                kind=AlertKind.DIGEST,
                stage=f"digest-{local.date()}",
                state=AlertState.PENDING,
                next_attempt_at=now,
            )
        )
    Alert.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def alerts_retry(*, alerts) -> int:
    """Failed alerts go back to the outbox for another round of attempts."""
    return alerts.filter(state=AlertState.FAILED).update(
        state=AlertState.PENDING, attempts=0, next_attempt_at=now_utc()
    )
