"""The reader's language and time zone: what they are sent, and the pages their links open,
are written in their language, with every time in their own zone."""

import contextlib
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone, translation

from core.clock import LEGAL_TZ

from .models import NotificationPreference


def language_of(user) -> str:
    try:
        return user.notification_preference.language
    except NotificationPreference.DoesNotExist:
        return getattr(getattr(user, "membership", None), "language", "") or "en"


def zone(name: str) -> ZoneInfo:
    """The named zone; China time when the name is unknown."""
    try:
        return ZoneInfo(name) if name else LEGAL_TZ
    except (ZoneInfoNotFoundError, ValueError):
        return LEGAL_TZ


def time_zone_of(user) -> ZoneInfo:
    return zone(getattr(getattr(user, "membership", None), "time_zone", ""))


@contextlib.contextmanager
def reading_as(user):
    """Translations and local times of `user` for everything rendered inside."""
    with translation.override(language_of(user)), timezone.override(time_zone_of(user)):
        yield
