"""Webhook delivery knobs, read from Django settings with defaults (tests may override)."""

import datetime as dt

from django.conf import settings


def lease() -> dt.timedelta:
    """How long a worker's claim on deliveries lasts before the sweeper frees it."""
    return dt.timedelta(seconds=getattr(settings, "WEBHOOKS_LEASE_SECONDS", 120))


def retry_base() -> dt.timedelta:
    """First retry delay (30 s), doubled after each failed attempt (1, 2, 4, 8 min ...)."""
    return dt.timedelta(seconds=getattr(settings, "WEBHOOKS_RETRY_BASE_SECONDS", 30))


RETRY_CAP = dt.timedelta(hours=1)


def max_attempts() -> int:
    return getattr(settings, "WEBHOOKS_MAX_ATTEMPTS", 6)


def batch_size() -> int:
    return getattr(settings, "WEBHOOKS_BATCH_SIZE", 50)
