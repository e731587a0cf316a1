"""Reminder policy, personal preferences and the Alert outbox (one row per thing to send)."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from . import policy as pure


def _default_ladder():
    return list(pure.DEFAULT_LADDER)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class ReminderPolicy(TimeStampedModel):
    """An organisation's reminder policy; organisations without a row use the defaults in code."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="reminder_policy"
    )
    ladder_days = models.JSONField(
        default=_default_ladder, help_text=_("Days before the legal date, e.g. [90, 60, 30, 7, 0].")
    )
    alert_hour = models.PositiveSmallIntegerField(
        default=9, validators=[MaxValueValidator(23)], help_text=_("Hour (China time) of alerts.")
    )
    notice_hour = models.PositiveSmallIntegerField(
        default=9,
        validators=[MaxValueValidator(23)],
        help_text=_("Hour (China time) of the working-day morning alerts for customs notices."),
    )
    overdue_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("Daily alerts for this many days after a missed date.")
    )
    escalate_notice_after = models.DurationField(default=dt.timedelta(hours=4))
    escalate_after = models.DurationField(default=dt.timedelta(days=2))

    class Meta:
        verbose_name_plural = _("reminder policies")

    def __str__(self):
        return f"Reminder policy of {self.organisation}"

    def clean(self):
        ladder = self.ladder_days
        if not isinstance(ladder, list) or not all(
            isinstance(d, int) and 0 <= d <= 3650 for d in ladder
        ):
            raise ValidationError({"ladder_days": "A list of whole days between 0 and 3650."})

    def as_policy(self) -> pure.Policy:
        return pure.Policy(
            ladder=tuple(self.ladder_days),
            alert_hour=self.alert_hour,
            notice_hour=self.notice_hour,
            overdue_days=self.overdue_days,
            escalate_notice_after=self.escalate_notice_after,
            escalate_after=self.escalate_after,
        )


class Language(models.TextChoices):
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("简体中文")


class NotificationPreference(TimeStampedModel):
    """A user's digest choice, hour and language, muted stages, and their calendar feeds' secret."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("Hour of the daily digest in the user's own time zone."),
    )
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.EN)
    daily_digest = models.BooleanField(
        null=True,
        blank=True,
        help_text=_("Send the daily digest. Unset: as the role suggests (managers get it)."),
    )
    muted_stages = models.JSONField(
        default=list,
        blank=True,
        help_text=_('Stages of non-critical deadlines not to send, e.g. ["d-90", "d-60"].'),
    )
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23),
                name="notification_pref_digest_hour_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="notification_pref_language_valid"
            ),
        ]

    def __str__(self):
        return f"Notification preferences of {self.user}"


class AlertKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    ESCALATION = "escalation", _("Escalation")
    DIGEST = "digest", _("Daily digest")
    CALENDAR_MOVES = "calendar_moves", _("Dates moved by a calendar change")


# Kinds about no single deadline: one row per (recipient, stage).
WITHOUT_DEADLINE = [AlertKind.DIGEST, AlertKind.CALENDAR_MOVES]


class AlertState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Claimed by a worker")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Not sent: the deadline was closed first")


class AckChannel(models.TextChoices):
    SIGNED_IN = "signed_in", _("By a signed-in member")
    EMAIL_LINK = "email_link", _("Through the emailed link, without signing in")


class Alert(TimeStampedModel):
    """The outbox: exactly one row per (deadline, stage, recipient), or per (recipient, digest day).

    Delivery claims pending rows in the database (skip-locked, plus a lease), sends outside any
    transaction and stamps the outcome; a sweeper frees the claims of a dead worker.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    deadline = models.ForeignKey(
        "deadlines.Deadline",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=20, choices=AlertKind.choices, default=AlertKind.REMINDER)
    stage = models.CharField(max_length=60)
    critical = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=AlertState.choices, default=AlertState.PENDING)
    next_attempt_at = models.DateTimeField(help_text=_("Not before (retries back off)."))
    lease_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(
        max_length=32, blank=True, help_text=_("Token of the claiming worker.")
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    escalate_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Escalate to managers and counsel if not acknowledged.")
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An emailed link works for whoever holds it: such an acknowledgement names no person.
    acknowledged_via = models.CharField(max_length=10, choices=AckChannel.choices, blank=True)
    # Acknowledgements are recorded (notifications.services.alert_acknowledge); delivery keeps
    # its own trail in the row (attempts, sent_at, last_error) and writes no history.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "stage", "recipient"],
                condition=Q(deadline__isnull=False),
                name="alert_once_per_deadline_stage_recipient",
            ),
            models.UniqueConstraint(
                fields=["recipient", "stage"],
                condition=Q(deadline__isnull=True),
                name="alert_once_per_recipient_digest",
            ),
            models.CheckConstraint(
                condition=Q(state__in=AlertState.values), name="alert_state_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="alert_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=WITHOUT_DEADLINE, deadline__isnull=True)
                | (~Q(kind__in=WITHOUT_DEADLINE) & Q(deadline__isnull=False)),
                name="alert_digest_has_no_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="alert_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_via__in=["", *AckChannel.values]),
                name="alert_acknowledged_via_valid",
            ),
        ]
        indexes = [
            # Delivery reads the head of this: pending rows whose time has come.
            models.Index(
                fields=["next_attempt_at"],
                name="alert_pending_due",
                condition=Q(state="pending"),
            ),
            # The sweeper reads expired leases only.
            models.Index(
                fields=["lease_until"], name="alert_sending_lease", condition=Q(state="sending")
            ),
            # Escalation reads unacknowledged critical alerts whose time has come.
            models.Index(
                fields=["escalate_at"],
                name="alert_escalation_due",
                condition=Q(escalate_at__isnull=False),
            ),
            models.Index(
                fields=["organisation", "state", "created_at"], name="alert_org_state_created"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.stage} to {self.recipient_id} ({self.state})"
