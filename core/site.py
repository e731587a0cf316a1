"""Links that leave the page: absolute URLs (emails, calendar feeds) and each record's own page."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def site_url() -> str:
    """Absolute base of links read outside the app (emails, calendar events, webhooks)."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}" if path.startswith("/") else path


def record_page(name: str, pk: int, *, admin_name: str) -> str:
    """The URL of a record's page in the workspace, `name` (e.g. "dashboard:right-detail").

    Until the workspace has that page, its admin change page: links in emails and calendar
    events then switch to the workspace by themselves when it is installed.
    """
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return reverse(admin_name, args=[pk])
