"""Notification knobs, read from Django settings with defaults (tests and workers may override)."""

import datetime as dt

from django.conf import settings

from core import site


def _get(name: str, default):
    return getattr(settings, name, default)


def lease() -> dt.timedelta:
    """How long a worker's claim on alerts lasts before the sweeper frees it."""
    return dt.timedelta(seconds=_get("NOTIFICATIONS_LEASE_SECONDS", 300))


def retry_base() -> dt.timedelta:
    """First retry delay; doubled after each failed attempt, capped at one hour."""
    return dt.timedelta(seconds=_get("NOTIFICATIONS_RETRY_BASE_SECONDS", 60))


# An alert is about a legal date: once the mail server takes mail again, it must not wait for a
# long backoff (a customs answer is due in 3 working days). Hourly at worst.
RETRY_CAP = dt.timedelta(hours=1)


def keep_trying_for() -> dt.timedelta:
    """Transient failures (451, unreachable) keep an alert retrying this long after it was made,
    whatever the attempt count: a mail server down for a day loses nothing."""
    return dt.timedelta(hours=_get("NOTIFICATIONS_KEEP_TRYING_HOURS", 72))


def max_attempts() -> int:
    return _get("NOTIFICATIONS_MAX_ATTEMPTS", 8)


def batch_size() -> int:
    return _get("NOTIFICATIONS_BATCH_SIZE", 100)


def smtp_timeout() -> float:
    return _get("EMAIL_TIMEOUT", None) or 30.0


site_url = site.site_url  # absolute base of links in emails (ack links, calendar feed)


ACK_MAX_AGE = dt.timedelta(days=45)
