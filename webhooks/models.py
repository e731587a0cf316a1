"""Outgoing webhooks: where an organisation wants events sent, and a log row per delivery."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.clock import now_utc
from core.models import OrgOwnedModel, TimeStampedModel

from .targets import TargetRefused, check_target


class Event(models.TextChoices):
    DEADLINE_CREATED = "deadline.created", _("Deadline created")
    DEADLINE_CHANGED = "deadline.changed", _("Deadline changed")
    DEADLINE_DUE_SOON = "deadline.due_soon", _("Deadline due soon")
    DEADLINE_MISSED = "deadline.missed", _("Deadline missed")
    DEADLINE_MOVED = "deadline.moved", _("Deadline moved by a calendar change")
    CUSTOMS_NOTICE_RECEIVED = "customs_notice.received", _("Customs notice received")


def new_secret() -> str:
    return secrets.token_hex(32)


class Endpoint(OrgOwnedModel):
    """A receiver URL; every body sent to it is signed with its secret (HMAC-SHA256)."""

    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=128, default=new_secret)
    event_types = models.JSONField(
        default=list, blank=True, help_text=_("Events to send; an empty list means all of them.")
    )
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["organisation", "active"])]

    def __str__(self):
        return self.url

    def clean(self):
        super().clean()
        try:
            check_target(self.url)
        except TargetRefused as exc:
            raise ValidationError({"url": str(exc)}) from exc

    def wants(self, event: str) -> bool:
        return self.active and (not self.event_types or event in self.event_types)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Claimed by a worker")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up)")
    SKIPPED = "skipped", _("Skipped (endpoint disabled)")


class Delivery(TimeStampedModel):
    """One event for one endpoint: an outbox row (core.outbox), written with the fact it reports,
    claimed by a worker (skip-locked, plus a lease), stamped after each attempt; failed attempts
    come back after a backoff (`next_attempt_at`), the last error is kept."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    dedupe_key = models.CharField(max_length=120, blank=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        default=now_utc, help_text=_("Not before (retries back off).")
    )
    lease_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(
        max_length=32, blank=True, help_text=_("Token of the claiming worker.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("deliveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
            # "Due soon" is sent once per endpoint, deadline and due date.
            models.UniqueConstraint(
                fields=["endpoint", "event", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="delivery_unique_dedupe_key",
            ),
        ]
        indexes = [
            # Delivery reads the head of this: pending rows whose time has come.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending_due",
                condition=Q(status="pending"),
            ),
            # The sweeper reads expired leases only.
            models.Index(
                fields=["lease_until"], name="delivery_sending_lease", condition=Q(status="sending")
            ),
        ]

    def __str__(self):
        return f"{self.event} to {self.endpoint} ({self.status})"
