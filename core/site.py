"""Links read outside the app (emails, calendar feeds, webhooks) are absolute, from SITE_URL."""

from django.conf import settings


def site_url() -> str:
    """Absolute base of links read outside the app (emails, calendar events, webhooks)."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}" if path.startswith("/") else path
